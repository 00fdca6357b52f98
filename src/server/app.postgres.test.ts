/**
 * The HTTP API's routes (test/api-routes.ts) over a PostgreSQL store, in a database of its own on the server
 * test/services.ts finds (skipped, saying why, when there is none; failed under EVENTWIRE_REQUIRE_SERVICES=1).
 */
import { describe } from 'vitest';
import { createTestDatabase, postgresUrl, type TestDatabase } from '../../test/services.js';
import { describeApiRoutes } from '../../test/api-routes.js';
import { openPostgresStore } from '../store/postgres.js';

const adminUrl = await postgresUrl();

describe.skipIf(!adminUrl)('the API on PostgreSQL', () => {
  let database: TestDatabase | undefined;
  describeApiRoutes({
    async open() {
      database = await createTestDatabase(adminUrl!, 'eventwire_api');
      return openPostgresStore(database.url);
    },
    cleanup: async () => database?.drop(),
  });
});
