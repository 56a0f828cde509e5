/**
 * The grid's table model on @tanstack/react-table: a column group per first-level indicator (its
 * check points, and its subtotal shown when collapsed), the vetoes' group, the unit column pinned
 * left and the totals pinned right. Visibility does the collapsing; the header groups give the spans.
 */
import { getCoreRowModel, useReactTable, type ColumnDef, type VisibilityState } from '@tanstack/react-table';
import { useMemo } from 'react';
import { useI18n } from '../useT';
import type { Unit } from '../../engine';
import { subtotalColumnId, type GridColumn } from './columns';
import type { HeaderSpan } from './GridHeader';
import { RIGHT_COLUMNS } from './layout';
import type { GridData } from './useGridData';

const RIGHT_IDS = RIGHT_COLUMNS.map((c) => c.id);

export function useGridTable(data: GridData, rows: readonly Unit[], shown: readonly GridColumn[], collapsed: ReadonlySet<string>) {
  const { t } = useI18n();
  const byId = useMemo(() => {
    const m = new Map<string, GridColumn>();
    for (const g of data.layout.groups) {
      for (const l of g.leaves) m.set(l.id, l);
      m.set(subtotalColumnId(g.key), { id: subtotalColumnId(g.key), kind: 'subtotal', indicator: g.key, name: g.name });
    }
    for (const v of data.layout.vetoes) m.set(v.id, v);
    return m;
  }, [data.layout]);
  const defs = useMemo<ColumnDef<Unit>[]>(
    () => [
      { id: 'unit', accessorFn: (u) => u.name },
      ...data.layout.groups.map(
        (g): ColumnDef<Unit> => ({ id: `ind:${g.key}`, columns: [...g.leaves.map((l) => ({ id: l.id })), ...(g.collapsible ? [{ id: subtotalColumnId(g.key) }] : [])] }),
      ),
      ...(data.layout.vetoes.length > 0 ? [{ id: 'vetoes', columns: data.layout.vetoes.map((v) => ({ id: v.id })) }] : []),
      ...RIGHT_IDS.map((id) => ({ id })),
    ],
    [data.layout],
  );
  const columnVisibility = useMemo(() => {
    const on = new Set(shown.map((c) => c.id));
    const v: VisibilityState = {};
    for (const id of byId.keys()) v[id] = on.has(id);
    return v;
  }, [shown, byId]);
  const table = useReactTable({
    data: rows as Unit[],
    columns: defs,
    getCoreRowModel: getCoreRowModel(),
    getRowId: (u) => u.id,
    state: { columnVisibility, columnPinning: { left: ['unit'], right: RIGHT_IDS } },
  });
  const columns = useMemo(
    () => table.getCenterVisibleLeafColumns().map((c) => byId.get(c.id)!),
    // the visible set is what changes the table's columns
    [table, columnVisibility, byId],
  );
  const tableRows = table.getRowModel().rows;
  const units = useMemo(() => tableRows.map((r) => r.original), [tableRows]);
  const spans = useMemo((): HeaderSpan[] => {
    const index = new Map(columns.map((c, i) => [c.id, i]));
    const top = table.getCenterHeaderGroups()[0];
    if (!top) return [];
    return top.headers.flatMap((h) => {
      const leaves = h.getLeafHeaders().map((l) => index.get(l.column.id)).filter((i): i is number => i !== undefined);
      if (leaves.length === 0 || h.isPlaceholder) return [];
      const key = h.column.id.replace(/^ind:/, '');
      const g = data.layout.groups.find((x) => x.key === key);
      return [
        {
          key,
          name: g?.name ?? t('entry.vetoes'),
          max: g?.max ?? 0,
          collapsible: g?.collapsible ?? false,
          collapsed: collapsed.has(key),
          first: Math.min(...leaves),
          last: Math.max(...leaves),
          veto: g === undefined,
        },
      ];
    });
  }, [table, columns, data.layout, collapsed, t]);

  return { columns, units, spans };
}
