export const PAGE_SIZE = 20;

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageCount: number;
}

export interface ListQuery {
  /** Case-insensitive search text. */
  q?: string;
  /** 1-based. */
  page?: number;
}

/** skip/take for a 1-based page number (clamped to at least 1). */
export function pageWindow(page: number | undefined, size = PAGE_SIZE) {
  const current = Math.max(1, Math.floor(page ?? 1));
  return { skip: (current - 1) * size, take: size, page: current };
}

export function toPage<T>(items: T[], total: number, page: number, size = PAGE_SIZE): Page<T> {
  return { items, total, page, pageCount: Math.max(1, Math.ceil(total / size)) };
}

/** Search text for Prisma's contains/startsWith, which pass it to LIKE unescaped ("p_" would match "px"). */
export function likeLiteral(text: string): string {
  return text.replace(/[\\%_]/g, "\\$&");
}
