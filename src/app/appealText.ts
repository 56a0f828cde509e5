/** An appeal's targets in words, for the unit page and the unit's feedback. */
import type { Appeal } from '../model/appeal';
import type { ScoreEntry } from '../engine';
import type { GroupView } from './assessmentView';

/** "网站栏目：首页要闻更新不及时" — the finding or cell an appeal names (as it read when appealed, once withdrawn). */
export function targetText(g: GroupView, t: Appeal['targets'][number], entry: ScoreEntry | undefined): string {
  const item = g.compiled.byKey.get(t.node)?.name ?? g.ruleSet.vetoes.find((v) => v.key === t.node)?.name ?? t.node;
  if (t.findingId === undefined) return `${item}（整项）`;
  const reason = entry?.findings?.find((x) => x.id === t.findingId)?.reason ?? t.text;
  return reason !== undefined ? `${item}：${reason}` : item;
}
