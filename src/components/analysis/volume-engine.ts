// What the volume calculator loads on the learner's first edit (see
// ../sandbox/use-engine.ts): the schema that checks the numbers and the
// arithmetic. The build runs it once for the starting numbers (VolumeCalculator.astro).
export { volumeCalculatorView } from '../../sandbox/view/volume-view';
