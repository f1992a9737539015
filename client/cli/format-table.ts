/**
 * Plain-text layout for terminals: aligned columns and "label  value" blocks. No colours and no
 * box drawing, so the output survives pipes, `grep`, `less` and log files unchanged.
 */

export interface Column<Row> {
  header: string;
  value(row: Row): string;
  /** Numbers read best right-aligned, so that their decimal points line up. */
  align?: 'left' | 'right';
}

const GAP = '  ';

export function renderTable<Row>(columns: readonly Column<Row>[], rows: readonly Row[], indent = ''): string {
  const cells = rows.map((row) => columns.map((column) => oneLine(column.value(row))));
  const widths = columns.map((column, i) =>
    Math.max(column.header.length, ...cells.map((row) => (row[i] ?? '').length)),
  );
  const line = (values: readonly string[]) =>
    indent +
    values
      .map((value, i) =>
        columns[i]?.align === 'right' ? value.padStart(widths[i] ?? 0) : value.padEnd(widths[i] ?? 0),
      )
      .join(GAP)
      .trimEnd();
  return [line(columns.map((c) => c.header)), ...cells.map(line)].join('\n') + '\n';
}

/** `label  value` lines with the values aligned; pairs whose value is undefined are left out. */
export function renderFields(
  pairs: ReadonlyArray<readonly [string, string | undefined]>,
  indent = '  ',
): string {
  const shown = pairs.filter((pair): pair is readonly [string, string] => pair[1] !== undefined);
  const width = Math.max(0, ...shown.map(([label]) => label.length));
  return (
    shown.map(([label, value]) => `${indent}${label.padEnd(width)}${GAP}${oneLine(value)}`).join('\n') + '\n'
  );
}

/** A value with a line break (a provider's error text, an operator's note) must not break the layout. */
function oneLine(text: string): string {
  return text.replace(/\s*[\r\n]+\s*/g, ' ');
}
