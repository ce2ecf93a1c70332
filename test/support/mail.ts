import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type ParsedMail, simpleParser } from 'mailparser';

/**
 * The mail functions called from this test file sent, oldest first: the `.eml` files the outbox
 * mailer wrote to this file's `MAIL_OUTBOX_DIR` (`table-per-file.ts`), parsed as a mail client would.
 */
export async function sentMail(to?: string): Promise<ParsedMail[]> {
  const outbox = process.env.MAIL_OUTBOX_DIR as string;
  const files = (await readdir(outbox)).filter((file) => file.endsWith('.eml')).sort();
  const mails = await Promise.all(
    files.map(async (file) => simpleParser(await readFile(join(outbox, file)))),
  );
  return to === undefined ? mails : mails.filter((mail) => recipientsOf(mail).includes(to));
}

const recipientsOf = (mail: ParsedMail): string[] =>
  [mail.to ?? []].flat().flatMap((address) => address.value.map((entry) => entry.address ?? ''));

/** The last mail sent to `to`; fails the test when there is none. */
export async function lastMailTo(to: string): Promise<ParsedMail> {
  const mail = (await sentMail(to)).at(-1);
  if (!mail) throw new Error(`No mail was sent to ${to}.`);
  return mail;
}

/**
 * The confirmation link in a mail's text part, split into the API path (without the base URL) and
 * its token, for calling the route in process.
 */
export function confirmationLinkIn(mail: ParsedMail): { url: string; path: string; token: string } {
  const url = mail.text?.match(/https?:\/\/\S+\/confirmation\?token=\S+/)?.[0];
  if (!url) throw new Error(`No confirmation link in the mail "${mail.subject}".`);
  const parsed = new URL(url);
  const base = new URL(process.env.PUBLIC_API_BASE_URL as string);
  return {
    url,
    path: `/${parsed.pathname.slice(base.pathname.length).replace(/^\/+/, '')}`,
    token: parsed.searchParams.get('token') as string,
  };
}
