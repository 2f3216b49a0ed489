/** Principal is who made a request: a token's or a signed-in person's name, and their role. */
import type { Role } from '../../config/topology.js';

export interface Principal {
  name: string;
  role: Role;
}
