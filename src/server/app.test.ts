/** The HTTP API's routes (test/api-routes.ts) over an SQLite store. */
import { join } from 'node:path';
import { openSqliteStore } from '../store/sqlite.js';
import { tempDir } from '../../test/cli-helpers.js';
import { describeApiRoutes } from '../../test/api-routes.js';

describeApiRoutes({ open: async () => openSqliteStore(join(tempDir('server'), 'api.db')) });
