/** `npm run bench`: deterministic synthetic data, one `BENCH name value unit` line per figure. */
import { engineBench } from './engine';
import { table } from './report';

engineBench('province', 50, 120, 3, 30);
engineBench('nation', 3000, 150, 3, 7);

console.log('\n' + table());
