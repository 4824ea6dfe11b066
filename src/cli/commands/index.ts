/** Every `flowfill` command, in the order `flowfill --help` lists them. */
import type { Command, OptionSpecs } from '../command';
import { dbMigrateCommand } from './db-migrate';
import { flowSendCommand } from './flow-send';
import { rulesExportCommand } from './rules-export';
import { rulesImportCommand } from './rules-import';
import { rulesValidateCommand } from './rules-validate';
import { reportCommand } from './report';
import { runsCommand } from './runs';
import { sandboxHistoryCommand } from './sandbox-history';
import { shopAddCommand } from './shop-add';
import { simulateCommand } from './simulate';

export const COMMANDS: readonly Command<OptionSpecs>[] = [
  shopAddCommand,
  rulesValidateCommand,
  rulesImportCommand,
  rulesExportCommand,
  simulateCommand,
  flowSendCommand,
  runsCommand,
  reportCommand,
  sandboxHistoryCommand,
  dbMigrateCommand,
];
