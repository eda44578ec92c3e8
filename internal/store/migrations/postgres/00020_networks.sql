-- +goose Up
-- Saved groups (issue 13): a network ("netværk", such as Klimaalliancen) is an organisation
-- of kind 'network' whose members are municipalities, kept in organisation_members as an
-- action's themes are kept in action_themes (the member_ids list). A network is an
-- organisation so that the coverage API's group=ORG_ID names regions, the nation and
-- networks alike. That members are municipalities and that only a network has members are
-- the model's and the store's rules (model.checkOrganisation, store/consistency.go).
ALTER TABLE organisations DROP CONSTRAINT organisations_kind_check;
ALTER TABLE organisations ADD CONSTRAINT organisations_kind_check
    CHECK (kind IN ('region','municipality','secretariat','partner','company','other','country','network'));

-- A network's members. Deleting a network takes its member list with it; a member
-- municipality is not deleted while a network names it (as an action's partner).
CREATE TABLE organisation_members (
    organisation_id bigint NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    member_id       bigint NOT NULL REFERENCES organisations(id),
    PRIMARY KEY (organisation_id, member_id)
);
-- The other way: which networks a municipality is in, and the foreign key's check when a
-- municipality is deleted.
CREATE INDEX organisation_members_member ON organisation_members(member_id);

-- +goose Down
-- The way back refuses (by the CHECK) while a network is stored: delete it first.
DROP TABLE organisation_members;
ALTER TABLE organisations DROP CONSTRAINT organisations_kind_check;
ALTER TABLE organisations ADD CONSTRAINT organisations_kind_check
    CHECK (kind IN ('region','municipality','secretariat','partner','company','other','country'));
