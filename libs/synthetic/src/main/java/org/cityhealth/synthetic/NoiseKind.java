package org.cityhealth.synthetic;

/**
 * An error or quirk of identity that a source's Patient record carries on purpose (see {@link IdentityNoise}), as the
 * ground truth reports it per record in {@link SourceRecordTruth#noise()}.
 */
public enum NoiseKind {
    /** A given-name character replaced by another with the same pinyin (伟→威, 明→铭): a pinyin input-method slip. */
    NAME_HOMOPHONE,
    /** The name written in traditional characters (张→張, 华→華) by a system or clerk that uses them. */
    NAME_TRADITIONAL,
    /** One character of a two-character given name missing (张伟强 registered as 张伟). */
    NAME_DROPPED_CHARACTER,
    /** The source still holds the given name the resident had before changing it (改名). */
    FORMER_GIVEN_NAME,
    /** The resident ID sent with two adjacent digits of the first seventeen swapped; it fails the check character. */
    ID_TRANSPOSED_DIGITS,
    /** The resident ID sent with one of the first seventeen digits wrong; it fails the check character. */
    ID_WRONG_DIGIT,
    /** The resident ID left out although the source would have recorded it. */
    ID_MISSING,
    /** The birth date sent with day and month swapped (1985-03-07 as 1985-07-03). */
    SWAPPED_BIRTH_DATE,
    /** The phone is a family member's (another resident of the same community), not the resident's own. */
    SHARED_PHONE
}
