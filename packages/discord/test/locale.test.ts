import { describe, expect, it } from 'vitest';
import { resolveLocale } from '../src/index.ts';

describe('resolveLocale', () => {
  it('answers Korean users in Korean and English users in English', () => {
    expect(resolveLocale('ko')).toBe('ko');
    expect(resolveLocale('KO')).toBe('ko');
    expect(resolveLocale('en-US')).toBe('en');
    expect(resolveLocale('en-GB', 'ko')).toBe('en');
  });

  it('uses English for other languages and the fallback when there is no locale', () => {
    expect(resolveLocale('ja')).toBe('en');
    expect(resolveLocale('pt-BR')).toBe('en');
    expect(resolveLocale(undefined)).toBe('ko');
    expect(resolveLocale(null, 'en')).toBe('en');
    expect(resolveLocale('', 'en')).toBe('en');
  });
});
