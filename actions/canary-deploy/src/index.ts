import { run } from './main.js';
import { isPostStep, runPost } from './post.js';

// One bundle serves both steps: the runner exposes the main step's saved state to the post step only.
await (isPostStep() ? runPost() : run());
