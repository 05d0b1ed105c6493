package org.cityhealth.synthetic;

import java.time.LocalDate;
import java.time.LocalDateTime;

/** FHIR date and dateTime text in China Standard Time, formatted by hand: it runs millions of times. */
final class FhirDates {

    private FhirDates() {
    }

    static String date(LocalDate date) {
        char[] out = new char[10];
        writeDate(out, date.getYear(), date.getMonthValue(), date.getDayOfMonth());
        return new String(out);
    }

    /** {@code 2021-01-14T09:32:00+08:00}: an instant-grade dateTime with the city's offset. */
    static String dateTime(LocalDateTime time) {
        char[] out = new char[25];
        writeDate(out, time.getYear(), time.getMonthValue(), time.getDayOfMonth());
        out[10] = 'T';
        two(out, 11, time.getHour());
        out[13] = ':';
        two(out, 14, time.getMinute());
        out[16] = ':';
        two(out, 17, time.getSecond());
        out[19] = '+';
        out[20] = '0';
        out[21] = '8';
        out[22] = ':';
        out[23] = '0';
        out[24] = '0';
        return new String(out);
    }

    private static void writeDate(char[] out, int year, int month, int day) {
        out[0] = (char) ('0' + year / 1000);
        out[1] = (char) ('0' + year / 100 % 10);
        out[2] = (char) ('0' + year / 10 % 10);
        out[3] = (char) ('0' + year % 10);
        out[4] = '-';
        two(out, 5, month);
        out[7] = '-';
        two(out, 8, day);
    }

    private static void two(char[] out, int at, int value) {
        out[at] = (char) ('0' + value / 10);
        out[at + 1] = (char) ('0' + value % 10);
    }
}
