// A table written as CSV or XLSX with exceljs: one sheet, a header row of column titles.
// CSV starts with a byte-order mark so spreadsheet programs read it as UTF-8, and a text cell
// a spreadsheet would run as a formula (= + - @ first) is prefixed with an apostrophe.
import ExcelJS from 'exceljs';

export type Cell = string | number | null;

export interface ExportTable {
  /** Sheet name and file name stem. */
  name: string;
  columns: { key: string; title: string }[];
  rows: Record<string, Cell>[];
}

export type ExportFormat = 'csv' | 'xlsx';

export const EXPORT_TYPES: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

const FORMULA_START = /^[=+\-@\t\r]/;

function defused(value: Cell): Cell {
  if (value === null) return '';
  return typeof value === 'string' && FORMULA_START.test(value) ? `'${value}` : value;
}

/** Sheet names: at most 31 characters, none of : \ / ? * [ ]. */
export function sheetName(name: string): string {
  return name.replace(/[:\\/?*[\]]/g, ' ').slice(0, 31) || 'data';
}

export async function writeTable(table: ExportTable, format: ExportFormat): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'nghe';
  const sheet = workbook.addWorksheet(sheetName(table.name));
  sheet.columns = table.columns.map((column) => ({
    header: column.title,
    key: column.key,
    width: Math.min(60, Math.max(10, column.title.length + 2)),
  }));
  const clean = format === 'csv' ? defused : (value: Cell) => value;
  for (const row of table.rows) {
    sheet.addRow(Object.fromEntries(table.columns.map((c) => [c.key, clean(row[c.key] ?? null)])));
  }
  if (format === 'xlsx') {
    sheet.getRow(1).font = { bold: true };
    sheet.views = [{ state: 'frozen', ySplit: 1 }];
    return Buffer.from(await workbook.xlsx.writeBuffer());
  }
  const csv = Buffer.from(await workbook.csv.writeBuffer());
  return Buffer.concat([Buffer.from('\uFEFF', 'utf8'), csv]);
}
