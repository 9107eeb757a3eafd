/**
 * Every operation of the spec, as its generated SDK function, and every type of the spec:
 * the public door to generated/. A star export, so an operation added to the spec is
 * exported by `npm run generate` alone, with no edit here, and callable at once through
 * `omni.request(operation, options)`. Bundlers keep only the operations a program imports.
 * (Handwritten code inside src/ reaches generated/ through src/core/generated.ts instead.)
 *
 * @example
 * import { Omni, getVideoTask } from 'jimmyai-omni';
 * const task = await new Omni().request(getVideoTask, { path: { taskId: 'task_01JD7Z6Q2M8V4' } });
 */
export * from '../../generated/sdk.gen.js';
export type * from '../../generated/types.gen.js';
