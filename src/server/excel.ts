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

/**
 * Loads exceljs in the background a moment after the server starts listening, so that the first workbook a
 * user asks for (a monthly report, an XLSX export) does not wait for it. Not under tests (NODE_ENV=test,
 * VITEST) nor with TITIAN_WARM_EXCEL=0; a failed load is left to the first real use to retry and report.
 */
export function warmExcel(delayMs = 2000): void {
  if (process.env.NODE_ENV === 'test' || process.env.VITEST || process.env.TITIAN_WARM_EXCEL === '0') return;
  setTimeout(() => void loadExcel().catch(() => undefined), delayMs).unref();
}
