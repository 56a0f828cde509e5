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
  browser_open_bundle_nation: 3000,
  cold_start_nation_to_rankings: 2000,
  edit_longest_task_nation: 16,
  export_xlsx_nation: 5000,
  export_docx_nation: 5000,
  cli_province_wall: 300,
  cli_province_plain_wall: 300,
};

/** Budgets that allow the value itself ("≤ 250 KB"). */
const AT_MOST: Record<string, number> = { build_initial_js_gzip: 250, cli_nation_rss: 460 };

/** Budgets that are floors ("≥ 5× faster than Calc"). */
const AT_LEAST: Record<string, number> = { cli_vs_calc_nation: 5 };

export function table(): string {
  const w = Math.max(...rows.map((r) => r.name.length));
  return rows
    .map((r) => {
      const below = BUDGETS[r.name];
      const most = AT_MOST[r.name];
      const least = AT_LEAST[r.name];
      const verdict =
        below !== undefined
          ? r.value < below ? `< ${below} ok` : `≥ ${below} OVER`
          : most !== undefined
            ? r.value <= most ? `≤ ${most} ok` : `> ${most} OVER`
            : least !== undefined
              ? r.value >= least ? `≥ ${least} ok` : `< ${least} SHORT`
              : '';
      return `${r.name.padEnd(w)}  ${String(+r.value.toFixed(3)).padStart(10)} ${r.unit.padEnd(7)} ${verdict.padEnd(10)} ${r.note}`;
    })
    .join('\n');
}
