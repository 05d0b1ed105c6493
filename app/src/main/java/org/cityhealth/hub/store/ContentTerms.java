package org.cityhealth.hub.store;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The terms of FHIR's {@code _content} search (text anywhere in a document), cut the way Lucene's CJK analyser cuts:
 * Chinese, Japanese and Korean text, written without spaces, as overlapping pairs of characters (and single characters,
 * so that a one-character query finds something), every other run of letters and digits as one lower-cased word. A
 * query matches a document holding all of the query's terms. Written here rather than taken from Lucene because the
 * terms go into the hub's own token index ({@code search_token}), where an index library would be a second store.
 *
 * <p>Pairs without positions can match a phrase whose characters stand apart ("高血" and "血压" in "高血脂, 血压"): a
 * search may return a document that lacks the exact phrase, never miss one that has it.
 */
public final class ContentTerms {

    /** The search parameter the terms are indexed under. */
    public static final String PARAM = "_content";
    /** Longest word kept (longer ones are cut, in documents and queries alike). */
    static final int MAX_WORD = 64;
    /** Distinct terms indexed per resource at most: a long document's later terms are not indexed. */
    static final int MAX_TERMS = 20_000;
    /** Terms a query is searched by at most. */
    static final int MAX_QUERY_TERMS = 16;

    private ContentTerms() {
    }

    /** Every term of {@code text}, for the index. */
    public static Set<String> of(String text) {
        Set<String> terms = new LinkedHashSet<>();
        scan(text, terms, true);
        return terms;
    }

    /**
     * The terms a document must all hold to match the query {@code text}; empty when it has no letter or digit. A long
     * query keeps its first {@link #MAX_QUERY_TERMS} terms (each is a join in SQL): it may then find more, never less.
     */
    public static List<String> query(String text) {
        Set<String> terms = new LinkedHashSet<>();
        scan(text, terms, false);
        return new ArrayList<>(terms).subList(0, Math.min(terms.size(), MAX_QUERY_TERMS));
    }

    /**
     * Adds the terms of {@code text}: words, and for CJK runs their pairs, plus the single characters when indexing (a
     * query of two or more characters needs only the pairs).
     */
    private static void scan(String text, Set<String> terms, boolean indexing) {
        StringBuilder word = new StringBuilder();
        int previousCjk = -1;
        for (int i = 0; i < text.length() && terms.size() < MAX_TERMS; ) {
            int c = text.codePointAt(i);
            i += Character.charCount(c);
            if (isCjk(c)) {
                addWord(word, terms);
                String single = new String(Character.toChars(c));
                if (previousCjk >= 0) {
                    terms.add(new String(Character.toChars(previousCjk)) + single);
                } else if (!indexing && (i >= text.length() || !isCjk(text.codePointAt(i)))) {
                    terms.add(single);
                }
                if (indexing) {
                    terms.add(single);
                }
                previousCjk = c;
            } else {
                previousCjk = -1;
                if (Character.isLetterOrDigit(c)) {
                    word.appendCodePoint(Character.toLowerCase(c));
                } else {
                    addWord(word, terms);
                }
            }
        }
        addWord(word, terms);
    }

    private static void addWord(StringBuilder word, Set<String> terms) {
        if (!word.isEmpty()) {
            terms.add(word.length() > MAX_WORD ? word.substring(0, MAX_WORD) : word.toString());
            word.setLength(0);
        }
    }

    private static boolean isCjk(int c) {
        Character.UnicodeScript script = Character.UnicodeScript.of(c);
        return script == Character.UnicodeScript.HAN || script == Character.UnicodeScript.HIRAGANA
                || script == Character.UnicodeScript.KATAKANA || script == Character.UnicodeScript.HANGUL;
    }
}
