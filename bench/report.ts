/** One line per figure: `BENCH <name> <value> <unit>`, collected for the closing table. */
const rows: { name: string; value: number; unit: string; note: string }[] = [];

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

export function report(name: string, value: number, unit: string, note = ''): void {
  const v = Number.isInteger(value) ? String(value) : value.toFixed(value < 10 ? 3 : 1);
  rows.push({ name, value, unit, note });
  console.log(`BENCH ${name} ${v} ${unit}`);
}

/** The budgets of the issue "Benchmarks and budgets at province and nation scale". */
const BUDGETS: Record<string, number> = {
  engine_full_province: 2,
  engine_full_nation: 150,
  engine_edit_province: 1,
  engine_edit_nation: 16,
};

export function table(): string {
  const w = Math.max(...rows.map((r) => r.name.length));
  return rows
    .map((r) => {
      const budget = BUDGETS[r.name];
      const verdict = budget === undefined ? '' : r.value < budget ? `< ${budget} ok  ` : `≥ ${budget} OVER`;
      return `${r.name.padEnd(w)}  ${String(+r.value.toFixed(3)).padStart(10)} ${r.unit.padEnd(7)} ${verdict.padEnd(10)} ${r.note}`;
    })
    .join('\n');
}
