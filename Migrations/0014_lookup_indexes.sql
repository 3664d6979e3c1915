-- Lookups the pages make by a column no index began with (found by listing every foreign key without an index
-- and reading the query plans of the soak's pages): each was a scan of the whole table per lookup.
-- The director's overdue measures: is there a done/cancelled report item for this measure?
CREATE INDEX reportItem_measure ON reportItem(measureId);
-- Reports of a period (dashboards, the reports overview).
CREATE INDEX report_period ON report(periodId);
-- The school card's partner groups, as the low-results school and as a partner.
CREATE INDEX partnership_school ON partnership(lowResultsSchoolId, schoolYear);
CREATE INDEX partnershipMember_partner ON partnershipMember(partnerSchoolId);
-- Curators of a municipality (municipality list, curator list) and a school's director.
CREATE INDEX user_municipality_role ON user(municipalityId, role);
CREATE INDEX user_school ON user(schoolId);
-- The review queue's threads of a municipality.
CREATE INDEX comment_municipality ON comment(municipalityId, parentId);
-- Events a school hosted.
CREATE INDEX municipalEvent_host ON municipalEvent(hostSchoolId);
