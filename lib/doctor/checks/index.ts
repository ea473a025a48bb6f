import type { DoctorCheck } from '../check.js';
import { COMPOSE_CHECK } from './compose.js';
import { DOCKER_CHECK } from './docker.js';
import { PORTS_CHECK } from './ports.js';
import { RESOURCES_CHECK } from './resources.js';
import { WSL_CHECK } from './wsl.js';

/** The checks every `data-eng doctor` runs, in the order they are printed. */
export const GENERAL_CHECKS: readonly DoctorCheck[] = [
  DOCKER_CHECK,
  COMPOSE_CHECK,
  RESOURCES_CHECK,
  PORTS_CHECK,
  WSL_CHECK,
];
