#!/usr/bin/env bash
# Make a local Debian/Ubuntu PostgreSQL ready for Enclave. Safe to run again: every step checks first.
#
#   1. installs PostgreSQL from apt when no server is installed, picks a cluster and starts it when down;
#   2. installs pgvector when the server has no vector.control: the distro's postgresql-<ver>-pgvector
#      package where one exists (Ubuntu, Debian 13+, the PGDG repository), else builds 0.8.x from Debian
#      trixie's source package, fetched through a private apt source list (the system's lists stay untouched);
#   3. creates the app's role and database and runs CREATE EXTENSION vector in it (skipped by --no-database);
#   4. verifies the extension version and a vector distance, and prints the DATABASE_URL to use.
#
# Usage: scripts/setup-postgres.sh [--no-database] [--help]
# Environment (all optional):
#   ENCLAVE_DB_NAME         database to create                    (default: enclave)
#   ENCLAVE_DB_USER         role to create, with LOGIN, owning it  (default: enclave)
#   ENCLAVE_DB_PASSWORD     password to set on the role; needed where pg_hba.conf asks for one
#                           (Debian's default for TCP connections); unset: the role gets no password
#   ENCLAVE_DB_HOST         host written into DATABASE_URL         (default: 127.0.0.1)
#   ENCLAVE_PG_VERSION      major version to use when several are installed
#   ENCLAVE_PG_CLUSTER      cluster name to use (pg_lsclusters); default: the cluster on port 5432,
#                           else one named main, else the highest version's
#   ENCLAVE_PGVECTOR_SUITE  Debian suite whose pgvector source is built (default: trixie)
#   ENCLAVE_DEBIAN_MIRROR   Debian mirror for that source           (default: http://deb.debian.org/debian)
#   ENCLAVE_DEBIAN_KEYRING  keyring that signs that suite  (default: /usr/share/keyrings/debian-archive-keyring.gpg)
set -Eeuo pipefail
shopt -s inherit_errexit

readonly SCRIPT_NAME="${0##*/}"
DB_NAME="${ENCLAVE_DB_NAME:-enclave}"
DB_USER="${ENCLAVE_DB_USER:-enclave}"
DB_PASSWORD="${ENCLAVE_DB_PASSWORD:-}"
DB_HOST="${ENCLAVE_DB_HOST:-127.0.0.1}"
PG_VERSION="${ENCLAVE_PG_VERSION:-}"
PG_CLUSTER_WANTED="${ENCLAVE_PG_CLUSTER:-}"
PGVECTOR_SUITE="${ENCLAVE_PGVECTOR_SUITE:-trixie}"
DEBIAN_MIRROR="${ENCLAVE_DEBIAN_MIRROR:-http://deb.debian.org/debian}"
DEBIAN_KEYRING="${ENCLAVE_DEBIAN_KEYRING:-/usr/share/keyrings/debian-archive-keyring.gpg}"
WITH_DATABASE=1

log() { printf '==> %s\n' "$*"; }
warn() { printf '==> WARNING: %s\n' "$*" >&2; }
# die's own exit status, so that the ERR trap does not report a second time a failure that die already explained
# (die may run in a command substitution, whose failure then reaches the main shell's trap).
readonly DIE_STATUS=86
die() {
  printf 'ERROR: %s: %s\n' "$SCRIPT_NAME" "$*" >&2
  if [[ $BASH_SUBSHELL -eq 0 ]]; then exit 1; fi
  exit "$DIE_STATUS"
}
on_err() {
  local status=$? line=$1 cmd=${2%%$'\n'*} where
  # Report once, from the main shell (subshells inherit the trap through set -E).
  [[ $BASH_SUBSHELL -eq 0 ]] || return 0
  [[ $status -eq $DIE_STATUS ]] && exit 1
  where="line $line"
  if [[ ${#FUNCNAME[@]} -gt 2 ]]; then
    where+=" in ${FUNCNAME[1]}(), called from line ${BASH_LINENO[-2]}"
  fi
  printf "ERROR: %s: '%s' failed (exit %s) at %s\n" "$SCRIPT_NAME" "${cmd:0:120}" "$status" "$where" >&2
}
trap 'on_err "$LINENO" "$BASH_COMMAND"' ERR

usage() {
  sed -n '2,/^set -Eeuo/{/^set -Eeuo/d;s/^# \{0,1\}//;p}' "$0"
}

for arg in "$@"; do
  case "$arg" in
    --no-database) WITH_DATABASE=0 ;;
    -h | --help)
      usage
      exit 0
      ;;
    *) die "unknown argument '$arg' (try --help)" ;;
  esac
done

# ---------------------------------------------------------------------------------------------------------------------
# Privileges: root runs everything itself; otherwise sudo where a step needs root or the postgres OS user.

CURRENT_USER="$(id -un)"
if [[ $EUID -eq 0 ]]; then
  HAVE_SUDO=0
elif command -v sudo >/dev/null 2>&1; then
  HAVE_SUDO=1
else
  HAVE_SUDO=0
fi

as_root() {
  if [[ $EUID -eq 0 ]]; then
    "$@"
  elif [[ $HAVE_SUDO -eq 1 ]]; then
    sudo -- "$@"
  else
    die "root is needed to run '$*' and sudo is not installed; run this script as root instead: su -c 'bash $0 $*'"
  fi
}

# Run a command as the postgres OS user (peer authentication over the local socket works on a stock install),
# from / so that it does not complain about a working directory it cannot read.
as_postgres() {
  if [[ $CURRENT_USER == postgres ]]; then
    env -C / "$@"
  elif [[ $EUID -eq 0 ]]; then
    runuser -u postgres -- env -C / "$@"
  elif [[ $HAVE_SUDO -eq 1 ]]; then
    sudo -u postgres -- env -C / "$@"
  else
    die "the postgres OS user is needed to run '$*' and sudo is not installed; run this script as root (su -c 'bash $0')"
  fi
}

# ---------------------------------------------------------------------------------------------------------------------
# apt helpers

APT_UPDATED=0
readonly APT_LOCK_OPTS=(-o DPkg::Lock::Timeout=300)

apt_update_once() {
  if [[ $APT_UPDATED -eq 0 ]]; then
    log "apt-get update"
    as_root apt-get "${APT_LOCK_OPTS[@]}" -qq update
    APT_UPDATED=1
  fi
}

pkg_installed() {
  [[ "$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null || true)" == "install ok installed" ]]
}

# Install the named packages that are not installed yet; does nothing (not even apt-get update) when all are.
apt_install() {
  local missing=() pkg logfile
  for pkg in "$@"; do
    pkg_installed "$pkg" || missing+=("$pkg")
  done
  [[ ${#missing[@]} -gt 0 ]] || return 0
  apt_update_once
  log "apt-get install ${missing[*]}"
  logfile="$(mktemp -t enclave-apt.XXXXXX)"
  TMP_PATHS+=("$logfile")
  run_logged "$logfile" as_root env DEBIAN_FRONTEND=noninteractive \
    apt-get "${APT_LOCK_OPTS[@]}" -y -q --no-install-recommends install "${missing[@]}"
}

apt_candidate() {
  apt-cache policy "$1" 2>/dev/null | awk '$1 == "Candidate:" { print $2 }'
}

# Run a noisy command with its output in a log file; on failure show the log's tail and stop.
run_logged() {
  local logfile=$1
  shift
  if ! "$@" >"$logfile" 2>&1; then
    tail -n 40 "$logfile" >&2
    die "'$*' failed (last lines above)"
  fi
}

TMP_PATHS=()
cleanup() {
  local path
  for path in "${TMP_PATHS[@]}"; do
    [[ -n $path && -e $path ]] && rm -rf -- "$path"
  done
  return 0
}
trap cleanup EXIT

# ---------------------------------------------------------------------------------------------------------------------
# 1. PostgreSQL server and cluster

if ! command -v apt-get >/dev/null 2>&1 || ! command -v dpkg-query >/dev/null 2>&1; then
  die "this script supports Debian/Ubuntu (apt) systems only"
fi

installed_versions() {
  local dir
  for dir in /usr/lib/postgresql/*/bin/postgres; do
    [[ -x $dir ]] || continue
    dir=${dir#/usr/lib/postgresql/}
    printf '%s\n' "${dir%%/*}"
  done | sort -n
}

mapfile -t VERSIONS < <(installed_versions)
if [[ ${#VERSIONS[@]} -eq 0 ]] || ! command -v pg_lsclusters >/dev/null 2>&1; then
  log "No PostgreSQL server installed: installing the postgresql package"
  apt_install postgresql
  mapfile -t VERSIONS < <(installed_versions)
  [[ ${#VERSIONS[@]} -gt 0 ]] || die "apt-get install postgresql did not install a server under /usr/lib/postgresql"
fi
log "PostgreSQL server version(s) installed: ${VERSIONS[*]}"

# pg_lsclusters -h: "<ver> <cluster> <port> <status> <owner> <datadir> <logfile>"
mapfile -t CLUSTERS < <(pg_lsclusters -h 2>/dev/null || true)

PG_CLUSTER=""
PG_PORT=""
PG_STATUS=""
PG_VERSION_PICKED=""
# Pick from CLUSTERS (restricted to PG_VERSION when set), preferring the cluster on port 5432 (what DATABASE_URL
# defaults to), then one named main, then the highest version.
pick_cluster() {
  local line score best=-1
  local -a f
  PG_CLUSTER=""
  for line in "${CLUSTERS[@]}"; do
    read -r -a f <<<"$line"
    [[ ${#f[@]} -ge 4 ]] || continue
    [[ -n $PG_VERSION && ${f[0]} != "$PG_VERSION" ]] && continue
    [[ -n $PG_CLUSTER_WANTED && ${f[1]} != "$PG_CLUSTER_WANTED" ]] && continue
    score=${f[0]%%.*}
    [[ ${f[2]} == 5432 ]] && score=$((score + 2000))
    [[ ${f[1]} == main ]] && score=$((score + 1000))
    if ((score > best)); then
      best=$score PG_VERSION_PICKED=${f[0]} PG_CLUSTER=${f[1]} PG_PORT=${f[2]} PG_STATUS=${f[3]}
    fi
  done
}

if [[ -n $PG_VERSION ]]; then
  [[ " ${VERSIONS[*]} " == *" $PG_VERSION "* ]] \
    || die "ENCLAVE_PG_VERSION=$PG_VERSION is not installed (installed: ${VERSIONS[*]}); apt-get install postgresql-$PG_VERSION"
fi
pick_cluster
if [[ -z $PG_CLUSTER ]]; then
  ver=${PG_VERSION:-${VERSIONS[-1]}}
  name=${PG_CLUSTER_WANTED:-main}
  log "No cluster $ver/$name: creating it"
  as_root pg_createcluster "$ver" "$name" >/dev/null
  mapfile -t CLUSTERS < <(pg_lsclusters -h)
  PG_VERSION=$ver
  pick_cluster
  [[ -n $PG_CLUSTER ]] || die "pg_createcluster $ver $name did not create a cluster"
fi
PG_VERSION=$PG_VERSION_PICKED

if [[ $PG_STATUS == online* ]]; then
  log "Cluster $PG_VERSION/$PG_CLUSTER is online (port $PG_PORT)"
else
  log "Cluster $PG_VERSION/$PG_CLUSTER is $PG_STATUS: starting it"
  if [[ -d /run/systemd/system ]]; then
    as_root pg_ctlcluster "$PG_VERSION" "$PG_CLUSTER" start
  else
    as_root pg_ctlcluster --skip-systemctl-redirect "$PG_VERSION" "$PG_CLUSTER" start
  fi
fi
for _ in $(seq 1 30); do
  pg_isready -q -p "$PG_PORT" && break
  sleep 1
done
pg_isready -q -p "$PG_PORT" \
  || die "cluster $PG_VERSION/$PG_CLUSTER does not accept connections on port $PG_PORT (see /var/log/postgresql/postgresql-$PG_VERSION-$PG_CLUSTER.log)"

# Superuser psql over the local socket; extra arguments go to psql, SQL on stdin.
psql_su() {
  as_postgres psql -X -q -v ON_ERROR_STOP=1 -p "$PG_PORT" "$@"
}

# ---------------------------------------------------------------------------------------------------------------------
# 2. pgvector

PG_CONFIG="/usr/lib/postgresql/$PG_VERSION/bin/pg_config"
if [[ -x $PG_CONFIG ]]; then
  SHAREDIR="$("$PG_CONFIG" --sharedir)"
else
  SHAREDIR="/usr/share/postgresql/$PG_VERSION"
fi
VECTOR_CONTROL="$SHAREDIR/extension/vector.control"

control_version() {
  sed -n "s/^default_version[[:space:]]*=[[:space:]]*'\{0,1\}\([^']*\)'\{0,1\}.*/\1/p" "$VECTOR_CONTROL"
}

build_pgvector_from_source() {
  local tmp keyring_opt="" build_start orig srcdir
  local -a apt_opts origs
  tmp="$(mktemp -d -t enclave-pgvector.XXXXXX)"
  TMP_PATHS+=("$tmp")
  # apt drops to its _apt user for downloads: let it reach the private lists and the download folder.
  chmod 0755 "$tmp"
  mkdir -p "$tmp/lists/partial" "$tmp/cache/archives/partial" "$tmp/src" "$tmp/build"
  if [[ $EUID -eq 0 ]] && id _apt >/dev/null 2>&1; then
    chown _apt "$tmp/src"
  fi

  if [[ ! -r $DEBIAN_KEYRING ]]; then
    apt_install debian-archive-keyring
  fi
  [[ -r $DEBIAN_KEYRING ]] && keyring_opt="[signed-by=$DEBIAN_KEYRING] "
  printf 'deb-src %s%s %s main\n' "$keyring_opt" "$DEBIAN_MIRROR" "$PGVECTOR_SUITE" >"$tmp/sources.list"
  apt_opts=(
    -o "Dir::Etc::SourceList=$tmp/sources.list"
    -o Dir::Etc::SourceParts=/dev/null
    -o "Dir::State::Lists=$tmp/lists"
    -o "Dir::Cache=$tmp/cache"
    -o Acquire::Languages=none
  )

  log "Fetching pgvector source from Debian $PGVECTOR_SUITE (private apt source list; system lists untouched)"
  run_logged "$tmp/apt-update.log" apt-get "${apt_opts[@]}" -q update
  (cd "$tmp/src" && run_logged "$tmp/apt-source.log" apt-get "${apt_opts[@]}" -q source --download-only pgvector)

  shopt -s nullglob
  origs=("$tmp"/src/pgvector_0.8.*.orig.tar.*)
  shopt -u nullglob
  if [[ ${#origs[@]} -eq 0 ]]; then
    die "Debian $PGVECTOR_SUITE has no pgvector 0.8.x source (got: $(cd "$tmp/src" && echo ./*))"
  fi
  orig=${origs[-1]}
  log "Unpacking ${orig##*/}"
  tar -xf "$orig" -C "$tmp/build"
  srcdir="$(find "$tmp/build" -mindepth 1 -maxdepth 1 -type d | head -n 1)"
  [[ -f $srcdir/Makefile ]] || die "no Makefile in ${orig##*/}"

  apt_install "postgresql-server-dev-$PG_VERSION" build-essential
  [[ -x $PG_CONFIG ]] || die "$PG_CONFIG is missing after installing postgresql-server-dev-$PG_VERSION"

  # OPTFLAGS="" drops pgvector's default -march=native, as Debian's own package does: the library
  # then also runs if this machine's disk image moves to another CPU.
  log "Building pgvector (${srcdir##*/}) against PostgreSQL $PG_VERSION"
  build_start=$SECONDS
  run_logged "$tmp/make.log" make -C "$srcdir" -j"$(nproc)" PG_CONFIG="$PG_CONFIG" OPTFLAGS=""
  log "Built in $((SECONDS - build_start)) s; installing"
  run_logged "$tmp/make-install.log" as_root make -C "$srcdir" PG_CONFIG="$PG_CONFIG" OPTFLAGS="" install
}

if [[ -f $VECTOR_CONTROL ]]; then
  log "pgvector $(control_version) already installed for PostgreSQL $PG_VERSION ($VECTOR_CONTROL): skipping"
else
  log "pgvector not installed for PostgreSQL $PG_VERSION"
  apt_update_once
  candidate="$(apt_candidate "postgresql-$PG_VERSION-pgvector")"
  if [[ -n $candidate && $candidate != "(none)" ]]; then
    log "Installing postgresql-$PG_VERSION-pgvector $candidate from apt"
    apt_install "postgresql-$PG_VERSION-pgvector"
  else
    log "No postgresql-$PG_VERSION-pgvector package in the configured apt sources: building from source"
    build_pgvector_from_source
  fi
  [[ -f $VECTOR_CONTROL ]] || die "pgvector install finished but $VECTOR_CONTROL is missing"
  log "pgvector $(control_version) installed for PostgreSQL $PG_VERSION"
fi

# ---------------------------------------------------------------------------------------------------------------------
# 3. Role, database, extension

urlencode() {
  local LC_ALL=C s=$1 out="" c i
  for ((i = 0; i < ${#s}; i++)); do
    c=${s:i:1}
    case "$c" in
      [A-Za-z0-9._~-]) out+=$c ;;
      *) out+="$(printf '%%%02X' "'$c")" ;;
    esac
  done
  printf '%s' "$out"
}

# The distance check: [1,2,3] vs [1,2,4] has cosine distance 1 - 17/sqrt(14*21) = 0.008540.
readonly VERIFY_SQL="SELECT extversion, round(('[1,2,3]'::vector <=> '[1,2,4]'::vector)::numeric, 6)
  FROM pg_extension WHERE extname = 'vector';"

report_verify() {
  local where=$1 result=$2 extversion distance
  IFS='|' read -r extversion distance <<<"$result"
  [[ -n $extversion && -n $distance ]] || die "verification in $where returned no vector extension row"
  log "Verified in $where: extension vector $extversion, '[1,2,3]' <=> '[1,2,4]' = $distance"
}

if [[ $WITH_DATABASE -eq 0 ]]; then
  log "--no-database: not creating a role or database"
  # Prove the extension loads, inside a transaction that is rolled back (leaves the postgres database as it was).
  result="$(psql_su -d postgres -tA <<SQL
BEGIN;
CREATE EXTENSION IF NOT EXISTS vector;
$VERIFY_SQL
ROLLBACK;
SQL
)"
  report_verify "a rolled-back transaction in database postgres" "$result"
  log "Done: PostgreSQL $PG_VERSION/$PG_CLUSTER on port $PG_PORT has pgvector $(control_version)"
  exit 0
fi

[[ -n $DB_NAME && -n $DB_USER ]] || die "ENCLAVE_DB_NAME and ENCLAVE_DB_USER must not be empty"

state="$(psql_su -d postgres -tA -v user="$DB_USER" -v db="$DB_NAME" <<'SQL'
SELECT (SELECT CASE WHEN rolcanlogin THEN 'login' ELSE 'nologin' END FROM pg_roles WHERE rolname = :'user'),
       (SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = :'db');
SQL
)"
IFS='|' read -r role_state db_owner <<<"$state"

case "$role_state" in
  login) log "Role \"$DB_USER\" exists" ;;
  nologin)
    log "Role \"$DB_USER\" exists without LOGIN: granting LOGIN"
    psql_su -d postgres -v user="$DB_USER" <<<"SELECT format('ALTER ROLE %I LOGIN', :'user') \gexec"
    ;;
  *)
    log "Creating role \"$DB_USER\" (LOGIN)"
    psql_su -d postgres -v user="$DB_USER" <<'SQL'
SELECT format('CREATE ROLE %I LOGIN', :'user')
 WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = :'user') \gexec
SQL
    ;;
esac

if [[ -n $DB_PASSWORD ]]; then
  log "Setting the password of role \"$DB_USER\" from ENCLAVE_DB_PASSWORD"
  psql_su -d postgres -v user="$DB_USER" -v pw="$DB_PASSWORD" <<<"SELECT format('ALTER ROLE %I PASSWORD %L', :'user', :'pw') \gexec"
fi

if [[ -n $db_owner ]]; then
  log "Database \"$DB_NAME\" exists (owner $db_owner)"
  [[ $db_owner == "$DB_USER" ]] || warn "database \"$DB_NAME\" is owned by $db_owner, not $DB_USER"
else
  log "Creating database \"$DB_NAME\" owned by \"$DB_USER\""
  psql_su -d postgres -v user="$DB_USER" -v db="$DB_NAME" <<'SQL'
SELECT format('CREATE DATABASE %I OWNER %I', :'db', :'user')
 WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = :'db') \gexec
SQL
fi

# As the superuser: pgvector is not a trusted extension, so the app's role could not create it itself; once it
# exists, the migrations' CREATE EXTENSION IF NOT EXISTS vector is a no-op for that role.
ext_before="$(psql_su -d "$DB_NAME" -tA <<<"SELECT extversion FROM pg_extension WHERE extname = 'vector';")"
if [[ -n $ext_before ]]; then
  log "Extension vector $ext_before already present in database \"$DB_NAME\""
else
  log "CREATE EXTENSION vector in database \"$DB_NAME\""
  psql_su -d "$DB_NAME" <<<"CREATE EXTENSION IF NOT EXISTS vector;"
fi

# ---------------------------------------------------------------------------------------------------------------------
# 4. Verify, as the app would connect when it can

userinfo="$(urlencode "$DB_USER")"
[[ -n $DB_PASSWORD ]] && userinfo+=":$(urlencode "$DB_PASSWORD")"
DATABASE_URL="postgresql://$userinfo@$DB_HOST:$PG_PORT/$(urlencode "$DB_NAME")"

errfile="$(mktemp -t enclave-psql.XXXXXX)"
TMP_PATHS+=("$errfile")
if result="$(cd / && psql -X -w -q -v ON_ERROR_STOP=1 -tA "$DATABASE_URL" 2>"$errfile" <<SQL
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS vector;
$VERIFY_SQL
SQL
)"; then
  report_verify "database \"$DB_NAME\" as \"$DB_USER\" over $DB_HOST:$PG_PORT" "$result"
else
  psql_error="$(head -n 1 "$errfile")"
  if [[ -n $DB_PASSWORD ]] || [[ $psql_error != *password* ]]; then
    die "cannot use DATABASE_URL as \"$DB_USER\": ${psql_error:-psql failed} (check pg_hba.conf for host $DB_HOST)"
  fi
  warn "role \"$DB_USER\" cannot log in over $DB_HOST:$PG_PORT without a password (pg_hba.conf asks for one):" \
    "rerun with ENCLAVE_DB_PASSWORD=... to set one; verifying as the superuser instead"
  result="$(psql_su -d "$DB_NAME" -tA <<<"$VERIFY_SQL")"
  report_verify "database \"$DB_NAME\" as postgres" "$result"
fi

log "Done. DATABASE_URL=$DATABASE_URL"
