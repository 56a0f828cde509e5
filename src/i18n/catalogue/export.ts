/** Strings of the export pages (keys prefixed "export."); see messages.ts. */
import { defineCatalogue } from './define';

export const exportCatalogue = defineCatalogue(
  {
  },
  {
  },
);
