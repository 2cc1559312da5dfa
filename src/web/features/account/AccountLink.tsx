import { NavLink } from 'react-router';
import type { User } from '../../data/types';
import { useT } from '../../i18n/I18nProvider';
import './account-link.css';
import './messages-link';

/** The account page's address (bookmarkable). */
export const ACCOUNT_PATH = '/akun';

/** A first name longer than this gives way to the initials on a narrow phone (360–400 px). */
const FIRST_NAME_NARROW = 5;
/** A first name longer than this gives way to the initials on any phone (under 40rem). */
const FIRST_NAME_PHONE = 9;

/**
 * What a phone's header shows of a name: the first name (a leading abbreviation such as "M." or "Hj." is passed
 * over: people are called by the next word) and the initials of the first two words, for names too long.
 */
export function shortName(displayName: string): { first: string; initials: string } {
  const words = displayName.trim().split(/\s+/).filter(Boolean);
  const first = words.find((w) => !w.endsWith('.')) ?? words[0] ?? '';
  const letters = words.map((w) => w.match(/\p{L}/u)?.[0]).filter((c): c is string => !!c);
  return { first, initials: letters.slice(0, 2).join('').toLocaleUpperCase() || first };
}

/**
 * The header's user box as the way to one's account, for every role: a link to `/akun`, marked as the current
 * page there. From 40rem it shows the full name with the role on a second line; on a phone, where the header
 * shares 360–412 px with the sync state, the language and "Keluar", it shows the first name (the initials for a
 * long one), never a word cut short. Whatever shows, screen readers hear (and a pointer's tooltip shows) the
 * whole of it: "Akun saya: <full name>, <role>", from the content (no aria-label: a label that differs from the
 * text shown fails "label in name" for people who speak to their browser).
 */
export function AccountLink({ user }: { user: Pick<User, 'displayName' | 'role'> }) {
  const tr = useT();
  const role = tr(`web.role.${user.role}`);
  const { first, initials } = shortName(user.displayName);
  const length = [...first].length;
  const size = length > FIRST_NAME_PHONE ? ' name-xlong' : length > FIRST_NAME_NARROW ? ' name-long' : '';
  return (
    <NavLink
      to={ACCOUNT_PATH}
      className={`user-box account-link${size}`}
      title={`${user.displayName}, ${role}. ${tr('web.account.linkTitle')}`}
      data-testid="account-link"
    >
      <span className="visually-hidden">{tr('web.account.title')}: </span>
      <span className="user-short" aria-hidden="true">
        <span className="user-first">{first}</span>
        <span className="user-initials">{initials}</span>
      </span>
      <span className="user-name">{user.displayName}</span>
      <span className="visually-hidden">, </span>
      <span className="user-role">{role}</span>
    </NavLink>
  );
}
