package org.cityhealth.dicom;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TagTest {

    @Test
    void findsTheTagOfAKeyword() {
        assertThat(Tag.forKeyword("StudyDescription")).hasValue(0x00081030);
        assertThat(Tag.forKeyword("Rows")).hasValue(0x00280010);
        assertThat(Tag.forKeyword("NoSuchAttribute")).isEmpty();
        assertThat(Tag.forKeyword("studydescription")).as("keywords are case-sensitive, as in PS3.6").isEmpty();
    }

    @Test
    void everyKeywordOfTheDictionaryLeadsBackToItsTag() {
        for (int group : new int[] {0x0000, 0x0002, 0x0008, 0x0010, 0x0018, 0x0020, 0x0028, 0x0040, 0x7FE0}) {
            for (int element = 0; element <= 0xFFFF; element++) {
                int tag = group << 16 | element;
                String keyword = Dictionary.keyword(tag);
                if (keyword != null) {
                    assertThat(Tag.forKeyword(keyword)).as(keyword).hasValue(tag);
                }
            }
        }
    }
}
