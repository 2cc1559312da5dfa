import { NavLink } from 'react-router';
import type { User } from '../../data/types';
import { useT } from '../../i18n/I18nProvider';
import './account-link.css';
import './messages-link';

/** The account page's address (bookmarkable). */
export const ACCOUNT_PATH = '/akun';

/**
 * The header's user box (name and role) as the way to one's account, for every role: a link to `/akun`,
 * marked as the current page there. Screen readers hear "Akun saya: <name>, <role>".
 */
export function AccountLink({ user }: { user: Pick<User, 'displayName' | 'role'> }) {
  const tr = useT();
  return (
    <NavLink to={ACCOUNT_PATH} className="user-box account-link" title={tr('web.account.linkTitle')} data-testid="account-link">
      <span className="visually-hidden">{tr('web.account.title')}: </span>
      <span className="user-name">{user.displayName}</span>
      <span className="visually-hidden">, </span>
      <span className="user-role">{tr(`web.role.${user.role}`)}</span>
    </NavLink>
  );
}
