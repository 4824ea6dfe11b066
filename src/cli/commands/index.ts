/** Every `flowfill` command, in the order `flowfill --help` lists them. */
import type { Command, OptionSpecs } from '../command';
import { dbMigrateCommand } from './db-migrate';
import { flowSendCommand } from './flow-send';
import { runsCommand } from './runs';
import { shopAddCommand } from './shop-add';

export const COMMANDS: readonly Command<OptionSpecs>[] = [shopAddCommand, flowSendCommand, runsCommand, dbMigrateCommand];
