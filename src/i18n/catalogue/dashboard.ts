/** Strings of the dashboard pages (keys prefixed "dashboard."); see messages.ts. */
import { defineCatalogue } from './define';

export const dashboardCatalogue = defineCatalogue(
  {
  },
  {
  },
);
