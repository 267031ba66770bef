// The probe thread's entry. The app runs from its TypeScript sources through tsx, and a worker
// thread does not inherit the parent's loader hooks: register tsx here, then load the thread.
// (Plain JavaScript on purpose: it is what Node can load before tsx is registered.)
import { register } from 'tsx/esm/api';

register();
await import('./probe-thread.ts');
