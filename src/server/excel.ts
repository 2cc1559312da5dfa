/**
 * exceljs, loaded on first use: about 300 ms of module loading that a process reading or writing only CSV
 * (the CLI, a CSV import's reading thread, most server starts) never pays. One promise per process; a
 * failed load is tried again by the next caller.
 */
type ExcelModule = typeof import('exceljs');

let loading: Promise<ExcelModule> | null = null;

export function loadExcel(): Promise<ExcelModule> {
  loading ??= import('exceljs')
    .then((m) => (m as unknown as { default?: ExcelModule }).default ?? m)
    .catch((err: unknown) => {
      loading = null;
      throw err;
    });
  return loading;
}
