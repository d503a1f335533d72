/** `ward token create|list|revoke`: manage API tokens directly on the store (for whoever holds the machine). */
import { Option, type Command } from 'commander';
import { ROLES, TokenService, type Role } from '../api/index.js';
import { DEFAULT_STORE_PATH, openStore } from '../store/index.js';

async function withTokens<T>(storePath: string, f: (t: TokenService) => Promise<T>): Promise<T> {
  const store = await openStore(storePath);
  try {
    return await f(new TokenService(store));
  } finally {
    await store.close();
  }
}

/** Register the command. */
export function registerToken(program: Command): void {
  const token = program
    .command('token')
    .description('Manage API tokens (stop `ward start` first: the store is single-writer)');
  const storeOpt = () => new Option('--store <path>', 'DuckDB file').default(DEFAULT_STORE_PATH);
  token
    .command('create <name>')
    .description('Create a token and print it once')
    .addOption(new Option('--role <role>', 'role of the token').choices(ROLES).default('read_only'))
    .addOption(storeOpt())
    .action(async (name: string, flags: { role: Role; store: string }) => {
      const { token: text } = await withTokens(flags.store, (t) => t.create(name, flags.role));
      console.log(text);
    });
  token
    .command('list')
    .description('List tokens (names and roles; never the tokens)')
    .addOption(storeOpt())
    .action(async (flags: { store: string }) => {
      const list = await withTokens(flags.store, (t) => t.list());
      for (const i of list) console.log(`${i.name}\t${i.role}${i.revoked ? '\trevoked' : ''}`);
    });
  token
    .command('revoke <name>')
    .description('Revoke a token by name')
    .addOption(storeOpt())
    .action(async (name: string, flags: { store: string }) => {
      const ok = await withTokens(flags.store, (t) => t.revoke(name));
      if (!ok) throw new Error(`no active token named ${name}`);
      console.log(`revoked ${name}`);
    });
}
