/**
 * Names on a category axis and in legends cut to a length the chart has room for: the rest becomes
 * an ellipsis, and the full name stays as the tooltip (an SVG <title>, or the span's title).
 */
import { INK } from './theme';

/** Names on a category axis keep this many characters at most (nameAxisWidth makes room for them). */
export const NAME_CHARS = 14;

export function shorten(name: string, chars = NAME_CHARS): string {
  const all = [...name];
  return all.length <= chars ? name : `${all.slice(0, chars - 1).join('')}…`;
}

interface TickProps {
  x?: number | string;
  y?: number | string;
  payload?: { value?: unknown };
  fontSize: number;
}

/** A y-axis tick: the name right-aligned against the axis, shortened, with its full text as title. */
export function NameTick({ x, y, payload, fontSize }: TickProps) {
  const name = String(payload?.value ?? '');
  return (
    <text x={Number(x)} y={Number(y)} dy="0.35em" textAnchor="end" fontSize={fontSize} fill={INK}>
      <title>{name}</title>
      {shorten(name)}
    </text>
  );
}
