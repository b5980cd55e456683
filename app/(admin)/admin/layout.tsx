import Link from "next/link";
import type { ReactNode } from "react";
import { adminPageScope } from "./require-admin";

const SECTIONS = [
  { href: "/admin/knowledge-bases", label: "Knowledge bases" },
  { href: "/admin/teams", label: "Teams" },
  { href: "/admin/users", label: "Users" },
  { href: "/admin/audit", label: "Audit log" },
  { href: "/admin/egress", label: "Egress log" },
];

export default async function AdminLayout({ children }: { children: ReactNode }) {
  await adminPageScope();
  return (
    <div className="mx-auto flex max-w-6xl flex-col gap-6 px-4 py-6 md:flex-row">
      <nav aria-label="Administration" className="flex shrink-0 gap-1 md:w-48 md:flex-col">
        {SECTIONS.map((section) => (
          <Link key={section.href} href={section.href} className="rounded-md px-3 py-2 text-sm hover:bg-zinc-100 dark:hover:bg-zinc-800">
            {section.label}
          </Link>
        ))}
      </nav>
      <main className="min-w-0 flex-1">{children}</main>
    </div>
  );
}
