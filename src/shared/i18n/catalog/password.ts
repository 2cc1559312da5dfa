import type { Catalog } from '../index';

/** Password policy messages (`password.*`), one per problem code of src/server/auth/password-policy.ts. */
export const passwordMessages: Catalog = {
  'password.too_short': {
    id: 'Kata sandi minimal {min} karakter. Kalimat pendek yang mudah Anda ingat, misalnya "kopi pagi di teras rumah", lebih aman daripada kata yang rumit.',
    en: 'The password must have at least {min} characters. A short sentence you can remember, such as "morning coffee on the porch", is safer than a complicated word.',
  },
  'password.too_long': {
    id: 'Kata sandi maksimal {max} karakter.',
    en: 'The password can have at most {max} characters.',
  },
  'password.common': {
    id: 'Kata sandi terlalu umum dan mudah ditebak. Pilih kalimat yang hanya Anda ketahui.',
    en: 'This password is too common and easy to guess. Choose a sentence only you know.',
  },
  'password.contains_username': {
    id: 'Kata sandi tidak boleh sama dengan atau memuat nama pengguna akun ini.',
    en: 'The password must not be or contain the account’s username.',
  },
  'password.contains_name': {
    id: 'Kata sandi tidak boleh berupa atau memuat nama pemilik akun ini.',
    en: 'The password must not be or contain the account holder’s name.',
  },
  'password.repetitive': {
    id: 'Kata sandi tidak boleh berupa huruf atau angka yang diulang-ulang, seperti "aaaaaaaaaa" atau "abcabcabc".',
    en: 'The password must not be a repeated character or pattern, such as "aaaaaaaaaa" or "abcabcabc".',
  },
  'password.sequence': {
    id: 'Kata sandi tidak boleh berupa urutan sederhana, seperti "1234567890", "abcdefghij" atau "qwertyuiop".',
    en: 'The password must not be a simple sequence, such as "1234567890", "abcdefghij" or "qwertyuiop".',
  },
};
