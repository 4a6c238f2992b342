// Who may read the whole system journal: root, and members of systemd-journal, adm or wheel (journalctl(1):
// "Users in groups 'adm', 'systemd-journal' can see all messages"; wheel on distributions that grant it).
// Others see only their own entries, and Murmur's are not among them.

export const JOURNAL_GROUPS = ['systemd-journal', 'adm', 'wheel'];

export const JOURNAL_GROUP_ADVICE =
  'add this user to the systemd-journal group (or adm on Debian and Ubuntu): `sudo usermod -aG systemd-journal $USER`, then log in again';

/** Whether `uid` with supplementary `gids` may read the system journal, given the text of /etc/group. */
export function mayReadSystemJournal(groupFile: string, uid: number, gids: readonly number[]): boolean {
  if (uid === 0) return true;
  const allowed = groupFile
    .split('\n')
    .map((line) => line.split(':'))
    .filter((fields) => JOURNAL_GROUPS.includes(fields[0] ?? ''))
    .map((fields) => Number(fields[2]));
  return gids.some((gid) => allowed.includes(gid));
}
