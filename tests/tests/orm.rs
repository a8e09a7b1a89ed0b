//! The run-time ORM against live SQLite and PostgreSQL databases: CRUD by
//! primary key, the query builder, every field type, typed errors and
//! transactions. Every test runs on both databases (PostgreSQL skips, or
//! fails under `CI=true`, without a server).

use migrate_core::diff::{DiffOptions, diff};
use migrate_core::orm::{Connection, Error, Value};
use migrate_core::schema::{ColumnType, Schema, Table};
use migrate_core::{Database, Dialect, IntrospectOptions, Model, Record, SqlType};
use migrate_tests::{fresh_postgres, fresh_sqlite};

/// A team.
#[derive(Model, Debug, Clone, PartialEq)]
#[model(table = "orm_team")]
pub struct Team {
    #[model(primary_key)]
    pub id: i64,
    #[model(max_length = 64, unique)]
    pub name: String,
}

/// A person, in at most one team.
#[derive(Model, Debug, Clone, PartialEq)]
#[model(table = "orm_person")]
pub struct Person {
    #[model(primary_key)]
    pub id: i64,
    pub name: String,
    #[model(unique)]
    pub email: String,
    pub age: i32,
    pub score: Option<f64>,
    pub nickname: Option<String>,
    #[model(references = "orm_team.id")]
    pub team_id: Option<i64>,
    #[model(skip)]
    pub cache: Vec<String>,
}

/// A composite primary key.
#[derive(Model, Debug, Clone, PartialEq)]
#[model(table = "orm_membership")]
pub struct Membership {
    #[model(primary_key, references = "orm_team.id", on_delete = "cascade")]
    pub team: i64,
    #[model(primary_key, column = "person")]
    pub person_id: i64,
    pub role: String,
}

/// A user type stored through its own `SqlType` impl.
#[derive(Debug, Clone, PartialEq)]
pub struct Email(pub String);

impl SqlType for Email {
    fn column_type() -> ColumnType {
        ColumnType::Varchar(320)
    }
    fn to_value(&self) -> Value<'_> {
        self.0.to_value()
    }
    fn from_value(
        value: migrate_core::orm::ValueRef<'_>,
    ) -> Result<Self, migrate_core::orm::ValueError> {
        String::from_value(value).map(Email)
    }
}

/// A type with a column type but no conversion: the ORM says so.
#[derive(Debug, Clone, PartialEq)]
pub struct Opaque(pub String);

impl SqlType for Opaque {
    fn column_type() -> ColumnType {
        ColumnType::Text
    }
}

/// One field of every supported type, nullable and not.
#[derive(Model, Debug, Clone, PartialEq)]
#[model(table = "orm_types")]
pub struct Types {
    #[model(primary_key)]
    pub id: i64,
    pub small: i16,
    pub int: i32,
    pub big: i64,
    pub real: f32,
    pub double: f64,
    pub flag: bool,
    pub text: String,
    pub bytes: Vec<u8>,
    pub date: chrono::NaiveDate,
    pub time: chrono::NaiveTime,
    pub stamp: chrono::NaiveDateTime,
    pub stamp_tz: chrono::DateTime<chrono::Utc>,
    pub uuid: uuid::Uuid,
    pub json: serde_json::Value,
    pub decimal: rust_decimal::Decimal,
    #[model(sql_type = "VARCHAR(20)")]
    pub code: String,
    #[model(sql_type = "BIGINT")]
    pub counter: i64,
    pub email: Email,
    pub small_null: Option<i16>,
    pub big_null: Option<i64>,
    pub double_null: Option<f64>,
    pub text_null: Option<String>,
    pub bytes_null: Option<Vec<u8>>,
    pub stamp_null: Option<chrono::NaiveDateTime>,
    pub uuid_null: Option<uuid::Uuid>,
    pub json_null: Option<serde_json::Value>,
    pub decimal_null: Option<rust_decimal::Decimal>,
    pub email_null: Option<Email>,
}

/// A field narrower than what the database may hold.
#[derive(Model, Debug, Clone, PartialEq)]
#[model(table = "orm_narrow")]
pub struct Narrow {
    #[model(primary_key)]
    pub id: i64,
    pub n: i16,
}

/// A field whose type cannot be stored by the ORM.
#[derive(Model, Debug, Clone, PartialEq)]
#[model(table = "orm_opaque")]
pub struct WithOpaque {
    #[model(primary_key)]
    pub id: i64,
    pub secret: Opaque,
}

/// A table of nothing but its generated key.
#[derive(Model, Debug, Clone, PartialEq)]
#[model(table = "orm_ticket")]
pub struct Ticket {
    #[model(primary_key)]
    pub id: i64,
}

/// A table with two foreign keys (SQLite does not say which one failed).
#[derive(Model, Debug, Clone, PartialEq)]
#[model(table = "orm_duty")]
pub struct Duty {
    #[model(primary_key)]
    pub id: i64,
    #[model(references = "orm_person.id")]
    pub person_id: i64,
    #[model(references = "orm_team.id")]
    pub team_id: Option<i64>,
}

/// Creates `tables` (through the autogenerate diff, as a revision would).
fn create(conn: &mut Connection, tables: Vec<Table>) {
    let dialect = conn.dialect();
    let ops = diff(
        &Schema::default(),
        &Schema::new(tables),
        dialect,
        DiffOptions::default(),
    );
    conn.database()
        .apply(&ops, &IntrospectOptions::default())
        .unwrap_or_else(|e| panic!("{e}"));
}

/// Runs `test` on a fresh SQLite file and a fresh PostgreSQL database.
fn on_both(test: impl Fn(&mut Connection)) {
    let (_dir, _url, db) = fresh_sqlite();
    let mut conn = Connection::new(db).unwrap();
    test(&mut conn);
    if let Some((_url, db)) = fresh_postgres() {
        let mut conn = Connection::new(db).unwrap();
        test(&mut conn);
    }
}

fn people_schema(conn: &mut Connection) {
    create(
        conn,
        vec![Team::table(), Person::table(), Membership::table()],
    );
}

fn person(name: &str, age: i32) -> Person {
    Person {
        id: 0,
        name: name.into(),
        email: format!("{}@example.com", name.to_lowercase()),
        age,
        score: None,
        nickname: None,
        team_id: None,
        cache: Vec::new(),
    }
}

/// A foreign-key violation as (`table.columns`, referenced table, whether
/// the row is still referenced); anything else fails the test.
fn foreign_key_of(e: &Error) -> (String, String, bool) {
    match e {
        Error::ForeignKeyViolation {
            table,
            columns,
            referenced_table,
            still_referenced,
            ..
        } => (
            format!("{table}.{}", columns.join(",")),
            referenced_table.clone(),
            *still_referenced,
        ),
        other => panic!("not a foreign-key violation: {other}"),
    }
}

fn one_line(e: &Error) -> String {
    let text = e.to_string();
    assert!(!text.contains('\n'), "not one line: {text}");
    text
}

#[test]
fn opens_every_url_form() {
    let mut conn = Connection::open("sqlite::memory:").unwrap();
    assert_eq!(conn.dialect(), Dialect::Sqlite);
    assert!(conn.sqlite().is_some() && conn.postgres().is_none());

    let dir = tempfile::tempdir().unwrap();
    let absolute = dir.path().join("abs.db");
    let mut conn = Connection::open(&format!("sqlite://{}", absolute.display())).unwrap();
    people_schema(&mut conn);
    drop(conn);
    assert!(absolute.exists());

    // sqlite://relative.db is relative to the working directory.
    let cwd = std::env::current_dir().unwrap();
    let depth = cwd.components().count() - 1;
    let relative = format!(
        "{}{}",
        "../".repeat(depth),
        dir.path()
            .join("rel.db")
            .display()
            .to_string()
            .trim_start_matches('/')
    );
    let conn = Connection::open(&format!("sqlite://{relative}")).unwrap();
    drop(conn);
    assert!(dir.path().join("rel.db").exists());

    let e = Connection::open("mysql://x").unwrap_err();
    assert!(one_line(&e).contains("unsupported scheme"), "{e}");

    if let Some((url, _db)) = fresh_postgres() {
        let mut conn = Connection::open(&url).unwrap();
        assert_eq!(conn.dialect(), Dialect::Postgres);
        let other = url.replacen("postgres://", "postgresql://", 1);
        assert!(Connection::open(&other).is_ok());
        let client = conn.postgres().unwrap();
        let one: i32 = client.query_one("SELECT 1", &[]).unwrap().get(0);
        assert_eq!(one, 1);
    }
}

#[test]
fn crud_by_primary_key() {
    on_both(|conn| {
        people_schema(conn);
        let mut ann = person("Ann", 31);
        ann.cache = vec!["not stored".into()];
        assert_eq!(
            ann.insert(conn).unwrap(),
            Some(1),
            "the generated key is returned"
        );
        assert_eq!(ann.id, 1, "and written back");
        let mut bob = person("Bob", 40);
        bob.insert(conn).unwrap();
        assert_eq!(bob.id, 2);

        let mut read = Person::get(conn, 1).unwrap();
        assert!(read.cache.is_empty(), "skipped fields read as Default");
        read.cache = ann.cache.clone();
        assert_eq!(read, ann);
        assert!(Person::find(conn, 99).unwrap().is_none());
        let e = Person::get(conn, 99).unwrap_err();
        assert!(e.is_not_found());
        assert_eq!(one_line(&e), "no row of table 'orm_person' with id = 99");

        ann.age = 32;
        ann.nickname = Some("annie".into());
        ann.score = Some(9.5);
        ann.update(conn).unwrap();
        let read = Person::get(conn, 1).unwrap();
        assert_eq!(
            (read.age, read.nickname.as_deref(), read.score),
            (32, Some("annie"), Some(9.5))
        );
        assert_eq!(
            Person::get(conn, 2).unwrap().age,
            40,
            "only the row with the key changed"
        );

        bob.delete(conn).unwrap();
        assert!(Person::find(conn, 2).unwrap().is_none());
        assert!(matches!(bob.delete(conn), Err(Error::NotFound { .. })));
        assert!(matches!(bob.update(conn), Err(Error::NotFound { .. })));
        assert!(Person::delete_by_key(conn, 2).unwrap_err().is_not_found());

        // A key that is not 0 is inserted as given.
        let mut carl = person("Carl", 5);
        carl.id = 50;
        assert_eq!(carl.insert(conn).unwrap(), None);
        assert_eq!(Person::get(conn, 50).unwrap().name, "Carl");
        Person::delete_by_key(conn, 50).unwrap();

        // Composite keys.
        let mut team = Team {
            id: 0,
            name: "red".into(),
        };
        team.insert(conn).unwrap();
        let mut m = Membership {
            team: team.id,
            person_id: ann.id,
            role: "member".into(),
        };
        m.insert(conn).unwrap();
        assert_eq!(m.team, team.id, "a composite key is not generated");
        assert_eq!(Membership::get(conn, (team.id, ann.id)).unwrap(), m);
        assert!(Membership::find(conn, (team.id, 77)).unwrap().is_none());
        m.role = "owner".into();
        m.update(conn).unwrap();
        assert_eq!(
            Membership::get(conn, (team.id, ann.id)).unwrap().role,
            "owner"
        );
        let e = Membership::get(conn, (team.id, 77)).unwrap_err();
        assert_eq!(
            one_line(&e),
            "no row of table 'orm_membership' with team = 1 AND person = 77"
        );
        Membership::delete_by_key(conn, (team.id, ann.id)).unwrap();
        assert_eq!(Membership::query().count(conn).unwrap(), 0);
    });
}

#[test]
fn insert_many_batches_and_returns_keys() {
    on_both(|conn| {
        people_schema(conn);
        let mut rows: Vec<Person> = (0..2500).map(|i| person(&format!("p{i}"), i)).collect();
        conn.transaction(|tx| Person::insert_many(tx, &mut rows))
            .unwrap();
        let ids: Vec<i64> = rows.iter().map(|p| p.id).collect();
        assert_eq!(ids, (1..=2500).collect::<Vec<i64>>());
        assert_eq!(Person::query().count(conn).unwrap(), 2500);
        let p = Person::get(conn, 1234).unwrap();
        assert_eq!((p.name.as_str(), p.age), ("p1233", 1233));

        // Rows with their own keys, and an empty slice.
        let mut teams: Vec<Team> = (10..13)
            .map(|id| Team {
                id,
                name: format!("t{id}"),
            })
            .collect();
        Team::insert_many(conn, &mut teams).unwrap();
        Team::insert_many(conn, &mut []).unwrap();
        assert_eq!(Team::get(conn, 12).unwrap().name, "t12");

        // A model whose only column is its generated key, one by one and
        // in a batch.
        create(conn, vec![Ticket::table()]);
        let mut first = Ticket { id: 0 };
        assert_eq!(first.insert(conn).unwrap(), Some(1));
        let mut tickets = vec![Ticket { id: 0 }; 3];
        Ticket::insert_many(conn, &mut tickets).unwrap();
        assert_eq!(
            tickets,
            [Ticket { id: 2 }, Ticket { id: 3 }, Ticket { id: 4 }]
        );
        assert_eq!(Ticket::query().count(conn).unwrap(), 4);
    });
}

#[test]
fn query_builder() {
    on_both(|conn| {
        people_schema(conn);
        let mut team = Team {
            id: 0,
            name: "blue".into(),
        };
        team.insert(conn).unwrap();
        let mut rows = vec![
            person("Ann", 31),
            person("Bob", 40),
            person("Cid", 25),
            person("Dee", 40),
            person("Eve", 19),
        ];
        rows[0].nickname = Some("annie".into());
        rows[1].team_id = Some(team.id);
        rows[3].team_id = Some(team.id);
        rows[4].score = Some(1.5);
        Person::insert_many(conn, &mut rows).unwrap();
        let c = Person::columns();
        let names = |q: migrate_core::orm::Select<Person>, conn: &mut Connection| -> Vec<String> {
            q.order_by(c.id.asc())
                .all(conn)
                .unwrap()
                .into_iter()
                .map(|p| p.name)
                .collect()
        };

        assert_eq!(
            names(Person::query().filter(c.age.eq(40)), conn),
            ["Bob", "Dee"]
        );
        assert_eq!(
            names(Person::query().filter(c.age.ne(40)), conn),
            ["Ann", "Cid", "Eve"]
        );
        assert_eq!(names(Person::query().filter(c.age.lt(25)), conn), ["Eve"]);
        assert_eq!(
            names(Person::query().filter(c.age.le(25)), conn),
            ["Cid", "Eve"]
        );
        assert_eq!(
            names(Person::query().filter(c.age.gt(31)), conn),
            ["Bob", "Dee"]
        );
        assert_eq!(
            names(Person::query().filter(c.age.ge(31)), conn),
            ["Ann", "Bob", "Dee"]
        );
        assert_eq!(
            names(
                Person::query().filter(c.name.is_in(["Eve", "Ann", "Zed"])),
                conn
            ),
            ["Ann", "Eve"]
        );
        assert!(
            names(
                Person::query().filter(c.name.is_in(Vec::<String>::new())),
                conn
            )
            .is_empty()
        );
        assert_eq!(
            names(Person::query().filter(c.email.like("%e@%")), conn),
            ["Dee", "Eve"]
        );
        assert_eq!(
            names(Person::query().filter(c.nickname.is_null()), conn),
            ["Bob", "Cid", "Dee", "Eve"]
        );
        assert_eq!(
            names(Person::query().filter(c.nickname.is_not_null()), conn),
            ["Ann"]
        );
        assert_eq!(
            names(Person::query().filter(c.nickname.eq("annie")), conn),
            ["Ann"]
        );
        assert_eq!(
            names(Person::query().filter(c.team_id.eq(team.id)), conn),
            ["Bob", "Dee"]
        );
        assert_eq!(
            names(Person::query().filter(c.score.gt(1.0)), conn),
            ["Eve"]
        );
        // and / or / not, as methods and operators.
        assert_eq!(
            names(
                Person::query().filter(c.age.eq(40).and(c.name.ne("Bob"))),
                conn
            ),
            ["Dee"]
        );
        assert_eq!(
            names(
                Person::query().filter(c.age.lt(20) | c.name.eq("Ann")),
                conn
            ),
            ["Ann", "Eve"]
        );
        assert_eq!(
            names(Person::query().filter(!(c.age.eq(40) | c.age.lt(20))), conn),
            ["Ann", "Cid"]
        );
        assert_eq!(
            names(
                Person::query().filter(c.age.ge(25)).filter(c.age.le(31)),
                conn
            ),
            ["Ann", "Cid"]
        );

        // Order, limit, offset.
        let by_age: Vec<String> = Person::query()
            .order_by(c.age.desc())
            .order_by(c.name.asc())
            .limit(3)
            .offset(1)
            .all(conn)
            .unwrap()
            .into_iter()
            .map(|p| p.name)
            .collect();
        assert_eq!(by_age, ["Dee", "Ann", "Cid"]);
        let rest = Person::query()
            .order_by(c.id.asc())
            .offset(3)
            .all(conn)
            .unwrap();
        assert_eq!(rest.len(), 2);

        // first, one, one_or_none, count, exists.
        let youngest = Person::query()
            .order_by(c.age.asc())
            .first(conn)
            .unwrap()
            .unwrap();
        assert_eq!(youngest.name, "Eve");
        assert!(
            Person::query()
                .filter(c.age.gt(100))
                .first(conn)
                .unwrap()
                .is_none()
        );
        assert_eq!(
            Person::query()
                .filter(c.name.eq("Cid"))
                .one(conn)
                .unwrap()
                .age,
            25
        );
        assert!(
            Person::query()
                .filter(c.age.gt(100))
                .one_or_none(conn)
                .unwrap()
                .is_none()
        );
        let e = Person::query()
            .filter(c.age.eq(40))
            .one_or_none(conn)
            .unwrap_err();
        assert!(matches!(e, Error::MoreThanOne { .. }), "{e}");
        assert!(
            Person::query()
                .filter(c.age.gt(100))
                .one(conn)
                .unwrap_err()
                .is_not_found()
        );
        assert_eq!(Person::query().count(conn).unwrap(), 5);
        assert_eq!(Person::query().filter(c.age.eq(40)).count(conn).unwrap(), 2);
        assert_eq!(Person::query().limit(2).count(conn).unwrap(), 2);
        assert!(
            Person::query()
                .filter(c.name.eq("Eve"))
                .exists(conn)
                .unwrap()
        );
        assert!(
            !Person::query()
                .filter(c.name.eq("Zed"))
                .exists(conn)
                .unwrap()
        );

        // Update and delete by filter.
        let changed = Person::query()
            .filter(c.age.eq(40))
            .update(conn, [c.age.set(41), c.nickname.set("forty-one")])
            .unwrap();
        assert_eq!(changed, 2);
        assert_eq!(
            Person::query()
                .filter(c.nickname.eq("forty-one"))
                .count(conn)
                .unwrap(),
            2
        );
        let cleared = Person::query()
            .filter(c.name.eq("Bob"))
            .update(conn, [c.nickname.set(None)])
            .unwrap();
        assert_eq!(cleared, 1);
        assert!(Person::get(conn, rows[1].id).unwrap().nickname.is_none());
        // With an order and a limit: only the first matching row.
        let oldest_removed = Person::query()
            .order_by(c.age.desc())
            .order_by(c.id.asc())
            .limit(1)
            .delete(conn)
            .unwrap();
        assert_eq!(oldest_removed, 1);
        assert!(Person::find(conn, rows[1].id).unwrap().is_none());
        assert_eq!(
            Person::query().filter(c.age.lt(30)).delete(conn).unwrap(),
            2
        );
        assert_eq!(names(Person::query(), conn), ["Ann", "Dee"]);
    });
}

#[test]
fn values_are_parameters_never_sql_text() {
    let evil = "x'); DROP TABLE orm_person; --";
    let c = Person::columns();
    let query = Person::query()
        .filter(c.name.eq(evil).or(c.email.like(evil)))
        .filter(c.age.is_in([1, 2]))
        .limit(5);
    let (sql, params) = query.to_sql(Dialect::Sqlite);
    assert_eq!(
        sql,
        r#"SELECT "id", "name", "email", "age", "score", "nickname", "team_id" FROM "orm_person" WHERE (("name" = ?1 OR "email" LIKE ?2) AND "age" IN (?3, ?4)) LIMIT ?5"#
    );
    assert_eq!(params.len(), 5);
    let (sql, _) = query.to_sql(Dialect::Postgres);
    assert!(
        sql.contains(r#""name" = $1"#) && sql.contains("LIMIT $5"),
        "{sql}"
    );
    assert!(!sql.contains('\'') && !sql.contains("DROP"), "{sql}");

    on_both(|conn| {
        people_schema(conn);
        let mut p = person("x", 1);
        p.name = evil.into();
        p.nickname = Some("'; DELETE FROM orm_person; --".into());
        p.insert(conn).unwrap();
        let found = Person::query().filter(c.name.eq(evil)).one(conn).unwrap();
        assert_eq!(found, p);
        assert_eq!(
            Person::query().count(conn).unwrap(),
            1,
            "the table is still there"
        );
    });
}

fn sample_types(id: i64) -> Types {
    use chrono::{NaiveDate, NaiveTime, TimeZone, Utc};
    Types {
        id,
        small: i16::MIN,
        int: i32::MAX,
        big: i64::MIN,
        real: 1.5,
        double: -0.1,
        flag: true,
        text: "héllo wörld ✓ 日本 🦀".into(),
        bytes: vec![0, 1, 2, 255, 0],
        date: NaiveDate::from_ymd_opt(2024, 2, 29).unwrap(),
        time: NaiveTime::from_hms_micro_opt(23, 59, 58, 123_456).unwrap(),
        stamp: NaiveDate::from_ymd_opt(1999, 12, 31)
            .unwrap()
            .and_hms_micro_opt(23, 59, 59, 999_999)
            .unwrap(),
        stamp_tz: Utc.with_ymd_and_hms(2030, 1, 2, 3, 4, 5).unwrap(),
        uuid: uuid::Uuid::from_u128(0x0123_4567_89ab_cdef_0123_4567_89ab_cdef),
        json: serde_json::json!({"a": [1, 2.5, null, "ü"], "b": {"c": true}}),
        decimal: "12345.6789".parse().unwrap(),
        code: "ABC-123".into(),
        counter: i64::MAX,
        email: Email("a@b.c".into()),
        small_null: Some(i16::MAX),
        big_null: None,
        double_null: Some(f64::INFINITY),
        text_null: Some(String::new()),
        bytes_null: Some(Vec::new()),
        stamp_null: None,
        uuid_null: Some(uuid::Uuid::nil()),
        json_null: None,
        decimal_null: Some("-0.5".parse().unwrap()),
        email_null: None,
    }
}

#[test]
fn every_type_round_trips() {
    on_both(|conn| {
        create(conn, vec![Types::table()]);
        let mut a = sample_types(0);
        a.insert(conn).unwrap();
        assert_eq!(Types::get(conn, a.id).unwrap(), a);

        // The other extremes, and NULL in every nullable column.
        let mut b = sample_types(0);
        b.small = i16::MAX;
        b.int = i32::MIN;
        b.big = i64::MAX;
        b.real = f32::MAX;
        b.double = f64::NEG_INFINITY;
        b.flag = false;
        b.text = String::new();
        b.bytes = Vec::new();
        b.json = serde_json::json!(null);
        b.decimal = rust_decimal::Decimal::ZERO;
        b.small_null = None;
        b.double_null = None;
        b.text_null = None;
        b.bytes_null = None;
        b.uuid_null = None;
        b.decimal_null = None;
        b.email_null = Some(Email(String::new()));
        b.insert(conn).unwrap();
        assert_eq!(Types::get(conn, b.id).unwrap(), b);

        // Queries compare typed values of every kind.
        let c = Types::columns();
        let found = Types::query()
            .filter(c.date.eq(a.date))
            .filter(c.uuid.eq(a.uuid))
            .filter(c.stamp_tz.eq(a.stamp_tz))
            .filter(c.flag.eq(true))
            .filter(c.email.eq(Email("a@b.c".into())))
            .all(conn)
            .unwrap();
        assert_eq!(found, vec![a.clone()]);
        assert_eq!(
            Types::query()
                .filter(c.big_null.is_null())
                .count(conn)
                .unwrap(),
            2
        );
    });
}

#[test]
fn nan_is_kept_by_postgres_and_becomes_null_on_sqlite() {
    on_both(|conn| {
        create(conn, vec![Types::table()]);
        let mut t = sample_types(0);
        t.double_null = Some(f64::NAN);
        t.insert(conn).unwrap();
        let read = Types::get(conn, t.id).unwrap();
        match conn.dialect() {
            Dialect::Postgres => assert!(read.double_null.unwrap().is_nan()),
            // SQLite stores NaN as NULL.
            Dialect::Sqlite => assert_eq!(read.double_null, None),
        }
        // In a non-Option field, SQLite's NULL is an error naming the column.
        t.id = 0;
        t.double = f64::NAN;
        match (conn.dialect(), t.insert(conn)) {
            (Dialect::Postgres, Ok(_)) => {
                assert!(Types::get(conn, t.id).unwrap().double.is_nan());
            }
            // SQLite refuses the NULL (the column is NOT NULL).
            (Dialect::Sqlite, Err(Error::NotNullViolation { table, column })) => {
                assert_eq!((table.as_str(), column.as_str()), ("orm_types", "double"));
            }
            (_, other) => panic!("{other:?}"),
        }
    });
}

#[test]
fn errors_are_typed_and_name_the_table_and_column() {
    on_both(|conn| {
        people_schema(conn);
        let mut ann = person("Ann", 1);
        ann.insert(conn).unwrap();

        // Unique violation.
        let mut twin = person("Ann", 2);
        let e = twin.insert(conn).unwrap_err();
        match &e {
            Error::UniqueViolation { table, columns, .. } => {
                assert_eq!(table, "orm_person");
                assert_eq!(columns, &["email"]);
            }
            other => panic!("{other}"),
        }
        assert!(
            one_line(&e)
                .starts_with("column 'orm_person.email': a row with the same value already exists"),
            "{e}"
        );

        // Primary key duplicate.
        let mut again = person("Other", 3);
        again.id = ann.id;
        let e = again.insert(conn).unwrap_err();
        assert!(
            matches!(&e, Error::UniqueViolation { columns, .. } if columns == &["id"]),
            "{e}"
        );

        // Foreign key: a missing parent, then a parent still referenced.
        let mut orphan = person("Orphan", 4);
        orphan.team_id = Some(999);
        let e = orphan.insert(conn).unwrap_err();
        assert_eq!(
            foreign_key_of(&e),
            ("orm_person.team_id".into(), "orm_team".into(), false)
        );
        assert_eq!(
            one_line(&e),
            "foreign key violation: column 'orm_person.team_id' refers to a row of table 'orm_team' that does not exist"
        );
        let mut team = Team {
            id: 0,
            name: "t".into(),
        };
        team.insert(conn).unwrap();
        ann.team_id = Some(team.id);
        ann.update(conn).unwrap();
        let e = team.delete(conn).unwrap_err();
        assert_eq!(
            foreign_key_of(&e),
            ("orm_person.team_id".into(), "orm_team".into(), true)
        );
        assert_eq!(
            one_line(&e),
            "foreign key violation: the row of table 'orm_team' is still referenced by column 'orm_person.team_id'"
        );

        // Two foreign keys in one table, two tables referencing one: the
        // error names the key that failed (SQLite does not say; the ORM
        // looks), for one row and for a batch.
        create(conn, vec![Duty::table()]);
        let mut duty = Duty {
            id: 0,
            person_id: ann.id,
            team_id: Some(998),
        };
        let e = duty.insert(conn).unwrap_err();
        assert_eq!(
            foreign_key_of(&e),
            ("orm_duty.team_id".into(), "orm_team".into(), false)
        );
        duty.team_id = None;
        duty.person_id = 997;
        let e = duty.insert(conn).unwrap_err();
        assert_eq!(
            foreign_key_of(&e),
            ("orm_duty.person_id".into(), "orm_person".into(), false)
        );
        let mut batch = vec![
            Duty {
                id: 0,
                person_id: ann.id,
                team_id: None,
            },
            Duty {
                id: 0,
                person_id: ann.id,
                team_id: Some(996),
            },
        ];
        let e = Duty::insert_many(conn, &mut batch).unwrap_err();
        assert_eq!(
            foreign_key_of(&e),
            ("orm_duty.team_id".into(), "orm_team".into(), false)
        );
        assert_eq!(
            Duty::query().count(conn).unwrap(),
            0,
            "nothing of the batch kept"
        );
        // orm_team is referenced by orm_person.team_id and orm_duty.team_id;
        // only the duty refers to this team.
        let mut other_team = Team {
            id: 0,
            name: "u".into(),
        };
        other_team.insert(conn).unwrap();
        duty.person_id = ann.id;
        duty.team_id = Some(other_team.id);
        duty.insert(conn).unwrap();
        let e = other_team.delete(conn).unwrap_err();
        assert_eq!(
            foreign_key_of(&e),
            ("orm_duty.team_id".into(), "orm_team".into(), true)
        );
        duty.delete(conn).unwrap();
        other_team.delete(conn).unwrap();

        // A value the field cannot hold: out of range, and the wrong type.
        let narrow_table = match conn.dialect() {
            Dialect::Sqlite => {
                r#"CREATE TABLE "orm_narrow" ("id" INTEGER PRIMARY KEY, "n" BIGINT NOT NULL)"#
            }
            Dialect::Postgres => {
                r#"CREATE TABLE "orm_narrow" ("id" bigint PRIMARY KEY, "n" bigint NOT NULL)"#
            }
        };
        conn.execute(narrow_table, &[]).unwrap();
        conn.execute(r#"INSERT INTO "orm_narrow" VALUES (1, 100000)"#, &[])
            .unwrap();
        let e = Narrow::get(conn, 1).unwrap_err();
        match &e {
            Error::Value {
                table,
                column,
                message,
            } => {
                assert_eq!((table.as_str(), column.as_str()), ("orm_narrow", "n"));
                assert!(
                    message.contains("100000") && message.contains("out of range"),
                    "{message}"
                );
            }
            other => panic!("{other}"),
        }
        assert_eq!(
            one_line(&e),
            "column 'orm_narrow.n' holds 100000, which is out of range for `i16`"
        );
        if conn.dialect() == Dialect::Sqlite {
            conn.execute(r#"INSERT INTO "orm_narrow" VALUES (2, 'abc')"#, &[])
                .unwrap();
            let e = Narrow::get(conn, 2).unwrap_err();
            assert_eq!(
                one_line(&e),
                "column 'orm_narrow.n' holds text \"abc\", which a `i16` cannot hold"
            );
        } else {
            // PostgreSQL: a value too big for the column's type is refused
            // before it is sent.
            conn.execute(
                r#"ALTER TABLE "orm_narrow" ALTER COLUMN "n" TYPE smallint USING 0"#,
                &[],
            )
            .unwrap();
            let e = Person::query()
                .filter(Person::columns().age.eq(1))
                .count(conn)
                .map(|_| ());
            assert!(e.is_ok());
            let e = conn
                .execute(
                    r#"INSERT INTO "orm_narrow" VALUES ($1, $2)"#,
                    &[Value::Int(3), Value::Int(100_000)],
                )
                .unwrap_err();
            assert!(matches!(e, Error::Value { .. }), "{e}");
            assert!(
                one_line(&e).contains("100000 is out of range for type int2"),
                "{e}"
            );
        }

        // A type with no conversion: an error naming it, at run time.
        create(conn, vec![WithOpaque::table()]);
        let e = WithOpaque {
            id: 0,
            secret: Opaque("s".into()),
        }
        .insert(conn)
        .unwrap_err();
        assert!(
            matches!(&e, Error::Value { table, column, .. } if table == "orm_opaque" && column == "secret"),
            "{e}"
        );
        assert!(
            one_line(&e).starts_with("column 'orm_opaque.secret' has type `e2e::orm::Opaque`, which has no database conversion"),
            "{e}"
        );
    });
}

#[test]
fn a_lost_postgres_connection_is_reported_as_such() {
    let Some((url, db)) = fresh_postgres() else {
        return;
    };
    let mut conn = Connection::new(db).unwrap();
    create(&mut conn, vec![Team::table()]);
    let pid: i32 = conn
        .postgres()
        .unwrap()
        .query_one("SELECT pg_backend_pid()", &[])
        .unwrap()
        .get(0);
    let mut admin = Connection::open(&url).unwrap();
    admin
        .postgres()
        .unwrap()
        .execute("SELECT pg_terminate_backend($1)", &[&pid])
        .unwrap();
    let e = Team::query().count(&mut conn).unwrap_err();
    assert!(matches!(e, Error::ConnectionLost { .. }), "{e:?}");
    assert!(
        one_line(&e).starts_with("the connection to the database was lost"),
        "{e}"
    );
}

#[test]
fn transactions_commit_roll_back_and_nest() {
    on_both(|conn| {
        people_schema(conn);
        let count = |conn: &mut Connection| Person::query().count(conn).unwrap();

        conn.transaction(|tx| {
            assert!(tx.in_transaction());
            person("A", 1).insert(tx)
        })
        .unwrap();
        assert_eq!(count(conn), 1);
        assert!(!conn.in_transaction());

        // An error rolls back everything the closure did.
        let e = conn
            .transaction(|tx| {
                person("B", 2).insert(tx)?;
                person("A", 3).insert(tx) // duplicate email
            })
            .unwrap_err();
        assert!(matches!(e, Error::UniqueViolation { .. }));
        assert_eq!(count(conn), 1);

        // A panic rolls back too, and the panic goes on.
        let caught = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            let _ = conn.transaction(|tx| -> Result<(), Error> {
                person("C", 4).insert(tx)?;
                panic!("boom");
            });
        }));
        assert!(caught.is_err());
        assert!(!conn.in_transaction());
        assert_eq!(count(conn), 1);

        // Nested: the inner failure undoes only the inner work, and the
        // outer transaction goes on (on PostgreSQL too).
        conn.transaction(|tx| {
            person("D", 5).insert(tx)?;
            let inner = tx.transaction(|tx2| {
                person("E", 6).insert(tx2)?;
                person("D", 7).insert(tx2) // duplicate
            });
            assert!(inner.is_err());
            tx.transaction(|tx2| person("F", 8).insert(tx2))?;
            Ok::<(), Error>(())
        })
        .unwrap();
        let names: Vec<String> = Person::query()
            .order_by(Person::columns().name.asc())
            .all(conn)
            .unwrap()
            .into_iter()
            .map(|p| p.name)
            .collect();
        assert_eq!(names, ["A", "D", "F"]);

        // The closure's error type is the caller's.
        let e: Result<(), AppError> = conn.transaction(|tx| {
            person("G", 9).insert(tx)?;
            Err(AppError("changed my mind".into()))
        });
        assert_eq!(e.unwrap_err().0, "changed my mind");
        assert_eq!(count(conn), 3);
    });
}

/// An application's own error type.
#[derive(Debug)]
struct AppError(String);

impl From<Error> for AppError {
    fn from(e: Error) -> Self {
        AppError(e.to_string())
    }
}

#[test]
fn kept_statements_follow_the_connection() {
    fn assert_send<T: Send>() {}
    assert_send::<Connection>();

    on_both(|conn| {
        people_schema(conn);
        let mut a = person("A", 1);
        a.insert(conn).unwrap();

        // The driver handed out and used directly, then the ORM again: the
        // kept statements are dropped and prepared anew, nothing is stale.
        match conn.dialect() {
            Dialect::Sqlite => {
                let raw = conn.sqlite().unwrap();
                raw.execute(r#"UPDATE "orm_person" SET "age" = 40"#, [])
                    .unwrap();
            }
            Dialect::Postgres => {
                let raw = conn.postgres().unwrap();
                raw.execute(r#"UPDATE "orm_person" SET "age" = 40"#, &[])
                    .unwrap();
            }
        }
        assert_eq!(Person::get(conn, a.id).unwrap().age, 40);

        // A table dropped and made again with other columns under a kept
        // statement: the next run sees the new table.
        conn.execute(r#"DELETE FROM "orm_membership""#, &[])
            .unwrap();
        conn.execute(r#"DROP TABLE "orm_person""#, &[]).unwrap();
        create(conn, vec![Person::table()]);
        assert!(Person::find(conn, a.id).unwrap().is_none());
        let mut b = person("B", 2);
        b.insert(conn).unwrap();
        assert_eq!(Person::get(conn, b.id).unwrap(), b);
        // Kept statements are reset after each run: nothing is "in
        // progress" for VACUUM to refuse.
        conn.execute("VACUUM", &[]).unwrap();

        // One statement of one's own, kept: every run binds all of its
        // parameters, and too few is an error, not the last run's values.
        let p = match conn.dialect() {
            Dialect::Sqlite => '?',
            Dialect::Postgres => '$',
        };
        let sql = format!(r#"UPDATE "orm_person" SET "age" = {p}1 WHERE "id" = {p}2"#);
        assert_eq!(conn.execute(&sql, &[7_i64.into(), b.id.into()]).unwrap(), 1);
        let e = conn.execute(&sql, &[8_i64.into()]).unwrap_err();
        assert!(one_line(&e).contains("parameter"), "{e}");
        assert_eq!(Person::get(conn, b.id).unwrap().age, 7);
    });

    // A connection with kept statements moves to another thread and back
    // to a plain database that still works.
    let (_dir, url, db) = fresh_sqlite();
    let mut conn = Connection::new(db).unwrap();
    people_schema(&mut conn);
    let id = person("A", 1).insert(&mut conn).unwrap().unwrap();
    let conn = std::thread::spawn(move || {
        assert_eq!(Person::get(&mut conn, id).unwrap().name, "A");
        conn
    })
    .join()
    .unwrap();
    let mut db = conn.into_database();
    let Database::Sqlite(raw) = &mut db else {
        unreachable!()
    };
    raw.execute_batch(r#"DELETE FROM "orm_person""#).unwrap();
    drop(db);
    let mut again = Connection::open(&url).unwrap();
    assert_eq!(Person::query().count(&mut again).unwrap(), 0);
}

#[test]
fn a_column_type_changed_under_a_kept_statement_on_postgres() {
    let Some((url, db)) = fresh_postgres() else {
        return;
    };
    let mut conn = Connection::new(db).unwrap();
    create(&mut conn, vec![Narrow::table()]);
    let mut row = Narrow { id: 0, n: 5 };
    row.insert(&mut conn).unwrap();
    assert_eq!(Narrow::get(&mut conn, row.id).unwrap(), row);

    // A migration run by another process changes the column's type while
    // this connection keeps its prepared SELECT.
    let mut other = Connection::open(&url).unwrap();
    let retype = |other: &mut Connection, ty: &str| {
        other
            .execute(
                &format!(r#"ALTER TABLE "orm_narrow" ALTER COLUMN "n" TYPE {ty}"#),
                &[],
            )
            .unwrap();
    };
    retype(&mut other, "bigint");
    // Outside a transaction the statement is prepared again at once.
    assert_eq!(Narrow::get(&mut conn, row.id).unwrap(), row);

    // Inside one, PostgreSQL's refusal has aborted the transaction: it
    // fails, and the next call works.
    retype(&mut other, "integer");
    let e = conn.transaction(|tx| Narrow::get(tx, row.id)).unwrap_err();
    assert!(one_line(&e).contains("run the transaction again"), "{e}");
    assert_eq!(Narrow::get(&mut conn, row.id).unwrap(), row);
}
