/** A tier label in the tier's declared colour (a neutral grey when the rule set declares none). */
import type { RuleSet } from '../engine';

export function TierBadge({ ruleSet, tier, name }: { ruleSet: RuleSet; tier: string; name: string }) {
  const color = ruleSet.tiers.find((x) => x.key === tier)?.color ?? '#5f6368';
  return (
    <span className="tier-badge" data-tier={tier} style={{ color, borderColor: color, backgroundColor: `${color}14` }}>
      {name}
    </span>
  );
}
