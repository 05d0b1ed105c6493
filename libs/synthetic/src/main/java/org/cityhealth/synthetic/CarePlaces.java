package org.cityhealth.synthetic;

/**
 * Which of a resident's hospitals they go to for what: their usual hospital, a general hospital, and the oncology,
 * maternity and children's hospitals when they know one (else the general or usual hospital stands in).
 */
record CarePlaces(int usual, int general, int oncology, int maternity, int childrens) {

    static CarePlaces of(Resident resident, SourceCatalog catalog) {
        int[] hospitals = resident.hospitals();
        int usual = hospitals[0];
        int general = first(hospitals, catalog, SourceCatalog.Specialty.GENERAL, usual);
        return new CarePlaces(usual, general,
                first(hospitals, catalog, SourceCatalog.Specialty.ONCOLOGY, general),
                first(hospitals, catalog, SourceCatalog.Specialty.MATERNITY, general),
                first(hospitals, catalog, SourceCatalog.Specialty.CHILDREN, usual));
    }

    private static int first(int[] hospitals, SourceCatalog catalog, SourceCatalog.Specialty specialty, int otherwise) {
        for (int h : hospitals) {
            if (catalog.get(h).specialty() == specialty) {
                return h;
            }
        }
        return otherwise;
    }
}
