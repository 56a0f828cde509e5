/** The engine benchmark itself: both scales, then the table with the budgets of each figure. */
import { engineBench } from './engine';
import { table } from './report';

await engineBench('province', 50, 120, 3, 30);
await engineBench('nation', 3000, 150, 3, 7);

console.log('\n' + table());
