/** One group on the screen at a time: a tab per group of the assessment, shared by rankings and entry. */
import { useUi } from './uiStore';
import type { GroupView } from './useAssessment';

export function useSelectedGroup(groups: readonly GroupView[]): GroupView | undefined {
  const selected = useUi((s) => s.group);
  return groups.find((g) => g.group.key === selected) ?? groups[0];
}

export function GroupTabs({ groups, current }: { groups: readonly GroupView[]; current: GroupView | undefined }) {
  const setGroup = useUi((s) => s.setGroup);
  return (
    <div className="tabs" role="tablist">
      {groups.map((g) => (
        <button
          key={g.group.key}
          type="button"
          role="tab"
          aria-selected={g === current}
          className={g === current ? 'tab active' : 'tab'}
          data-testid={`group-tab-${g.group.key}`}
          onClick={() => setGroup(g.group.key)}
        >
          <span className="tab-name" title={g.group.name}>
            {g.group.name}
          </span>
          <span className="tab-count">{g.result.units.length}</span>
        </button>
      ))}
    </div>
  );
}
