/** Strings of the entry pages (keys prefixed "entry."); see messages.ts. */
import { defineCatalogue } from './define';

export const entryCatalogue = defineCatalogue(
  {
  },
  {
  },
);
