-- One row per PLOVER root event type: its quad class and an intensity on a
-- Goldstein-like scale (-10 most hostile .. +10 most cooperative) used by the
-- cooperation scores. Reference data, re-asserted on every migration.
create table if not exists plover_types (
    event_type varchar primary key,
    quad_class varchar not null,
    intensity  double not null,
    description varchar not null
);
insert or replace into plover_types values
    ('AGREE',     'verbal_cooperation',   3.0, 'promise, offer or agree to cooperate; sign a deal'),
    ('CONSULT',   'verbal_cooperation',   1.0, 'meet, visit, talk, call, hold a summit'),
    ('SUPPORT',   'verbal_cooperation',   2.0, 'praise, endorse, back diplomatically'),
    ('CONCEDE',   'verbal_cooperation',   4.0, 'verbal concession: agree to ease, accept a demand'),
    ('COOPERATE', 'material_cooperation', 6.0, 'economic, military or judicial exchange; investment, purchases'),
    ('AID',       'material_cooperation', 7.0, 'material aid: money, loans, arms, humanitarian goods'),
    ('RETREAT',   'material_cooperation', 5.0, 'release, withdraw, lift, resign'),
    ('REQUEST',   'verbal_conflict',     -1.0, 'ask, demand, urge'),
    ('ACCUSE',    'verbal_conflict',     -3.0, 'criticise, allege, investigate'),
    ('REJECT',    'verbal_conflict',     -4.0, 'refuse, veto'),
    ('THREATEN',  'verbal_conflict',     -6.0, 'warn of action'),
    ('PROTEST',   'material_conflict',   -5.0, 'demonstrate, boycott'),
    ('SANCTION',  'material_conflict',   -6.0, 'tariffs, embargoes, export controls, expulsions'),
    ('MOBILIZE',  'material_conflict',   -2.0, 'raise readiness, deploy, raise defence spending'),
    ('COERCE',    'material_conflict',   -7.0, 'repress, seize, arrest, raid'),
    ('ASSAULT',   'material_conflict',  -10.0, 'attack, strike, fight');
