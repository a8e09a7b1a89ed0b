//! What can go wrong when building the revision graph, resolving a target
//! or planning a walk.
//!
//! Where Alembic has a message for the same situation, the message starts
//! with Alembic's wording, so that what users search for still matches.

/// An error of the revision graph.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum RevisionError {
    /// A revision id that is not 1 to 32 characters of `[0-9a-zA-Z_]`.
    #[error(
        "revision id '{id}' declared in {location} is not valid: use 1 to 32 characters of [0-9a-zA-Z_]"
    )]
    InvalidId {
        /// The id as declared.
        id: String,
        /// Where it is declared.
        location: String,
    },
    /// A branch label that cannot be told apart from the target grammar.
    #[error(
        "branch label '{label}' of revision {revision} is not valid: use 1 to 64 characters of [0-9a-zA-Z_], other than 'head', 'heads' and 'base'"
    )]
    InvalidLabel {
        /// The label as declared.
        label: String,
        /// The revision that declares it.
        revision: String,
    },
    /// Two revisions declare one id.
    #[error(
        "revision id '{id}' is declared twice, in {first} and in {second}: give one of them a new id"
    )]
    DuplicateId {
        /// The id.
        id: String,
        /// Where the first declaration is (module and file).
        first: String,
        /// Where the second declaration is.
        second: String,
    },
    /// A `down_revision` that names no revision.
    #[error(
        "revision {revision} revises '{parent}', which no revision has: add the missing revision file or fix its down_revision"
    )]
    MissingParent {
        /// The revision whose `down_revision` is wrong.
        revision: String,
        /// The missing id.
        parent: String,
    },
    /// A `depends_on` entry that is neither an id nor a branch label.
    #[error(
        "revision {revision} depends on '{dependency}', which is neither a revision id nor a branch label: fix its depends_on"
    )]
    UnknownDependency {
        /// The revision whose `depends_on` is wrong.
        revision: String,
        /// The unknown name.
        dependency: String,
    },
    /// A branch label declared twice, or equal to a revision id.
    #[error(
        "Branch name '{label}' in revision {second} already used by revision {first}: rename one of the labels"
    )]
    DuplicateLabel {
        /// The label.
        label: String,
        /// The revision that uses it first (by id), or whose id it is.
        first: String,
        /// The other revision.
        second: String,
    },
    /// `down_revision` links that go round in a circle.
    #[error(
        "Cycle is detected in revisions ({}): point the down_revision of one of them outside the cycle",
        .revisions.join(", ")
    )]
    Cycle {
        /// The revisions in the cycle, sorted.
        revisions: Vec<String>,
    },
    /// `depends_on` links (with `down_revision`) that go round in a circle.
    #[error(
        "Dependency cycle is detected in revisions ({}): remove one of their depends_on entries",
        .revisions.join(", ")
    )]
    DependencyCycle {
        /// The revisions in the cycle, sorted.
        revisions: Vec<String>,
    },
    /// A target, prefix, label or id that matches nothing.
    #[error("Can't locate revision identified by '{0}'")]
    NotFound(String),
    /// The version table names a revision this binary does not have.
    #[error(
        "the version table holds revision '{0}', which is not among the revisions compiled into this binary: rebuild with its revision file, or `stamp` the database"
    )]
    UnknownCurrent(String),
    /// A prefix that matches several ids.
    #[error(
        "Multiple revisions start with '{prefix}': {}; give more characters of the id",
        .candidates.iter().map(|c| format!("'{c}'")).collect::<Vec<_>>().join(", ")
    )]
    AmbiguousPrefix {
        /// The prefix given.
        prefix: String,
        /// Every matching id, sorted.
        candidates: Vec<String>,
    },
    /// `head` (or `<label>@head`) names several heads.
    #[error("{}", multiple_heads_message(.argument, .heads))]
    MultipleHeads {
        /// The argument given: `head`, or `<label>@head`.
        argument: String,
        /// The heads it could mean.
        heads: Vec<String>,
    },
    /// `<label>@<rev>` where the revision is not on that branch.
    #[error(
        "Revision {revision} is not a member of branch '{label}': pick a revision of that branch or another label"
    )]
    NotOnBranch {
        /// The revision.
        revision: String,
        /// The label.
        label: String,
    },
    /// A target the grammar does not accept.
    #[error("invalid target '{target}': {reason}")]
    BadTarget {
        /// The target given.
        target: String,
        /// What is wrong and what is accepted.
        reason: String,
    },
    /// `+N` / `-N` that runs past a head or below base.
    #[error("Relative revision {relative} didn't produce {count} migrations: {reason}")]
    RelativeTooFar {
        /// The relative part as given (`+5`, `-1`).
        relative: String,
        /// How many steps were asked for.
        count: u64,
        /// Why (`the database is at base`, ...).
        reason: String,
    },
    /// `<rev>+N` / `<rev>-N` that runs past a head or below base.
    #[error("Walked too far: '{target}' goes {reason}; use a smaller step")]
    WalkedTooFar {
        /// The target given.
        target: String,
        /// `past the head` or `below base`.
        reason: String,
    },
    /// A relative step from a branch point or merge point.
    #[error(
        "Ambiguous walk: revision {from} has several {direction} ({}); name the target revision instead of a relative step",
        .candidates.join(", ")
    )]
    AmbiguousWalk {
        /// Where the walk stood (`base` for the empty database).
        from: String,
        /// `parents` or `children`.
        direction: &'static str,
        /// The candidates.
        candidates: Vec<String>,
    },
    /// `+N` or `-N` relative to several current heads.
    #[error(
        "Ambiguous {direction} from multiple current revisions ({}): use '<branchname>@{relative}' or '<revision>{relative}'",
        .heads.join(", ")
    )]
    AmbiguousRelative {
        /// `upgrade` or `downgrade`.
        direction: &'static str,
        /// The relative part as given.
        relative: String,
        /// The current heads.
        heads: Vec<String>,
    },
    /// A downgrade target that is not below the current heads.
    #[error(
        "Destination {target} is not a valid downgrade target from current head(s): pick an ancestor of {}",
        if .current.is_empty() { "the current revision".to_string() } else { .current.join(", ") }
    )]
    NotADowngradeTarget {
        /// The target given.
        target: String,
        /// The current heads.
        current: Vec<String>,
    },
    /// Several targets where one is the ancestor of another.
    #[error(
        "Requested revision {revision} overlaps with other requested revisions {}: name only the newest one",
        .others.join(", ")
    )]
    Overlap {
        /// The newer revision.
        revision: String,
        /// The other requested revisions below it.
        others: Vec<String>,
    },
    /// A history range whose ends are not on one line of descent.
    #[error(
        "Requested range {start}:{end} does not refer to ancestor/descendant revisions along the same branch"
    )]
    RangeNotAncestor {
        /// The lower end.
        start: String,
        /// The upper end.
        end: String,
    },
    /// The version table cannot be updated for a step (its rows do not fit
    /// the graph).
    #[error(
        "cannot update the version table for revision {revision} from rows ({}): {reason}; check the rows with `current` and fix them with `stamp`",
        .heads.join(", ")
    )]
    VersionTable {
        /// The revision of the step.
        revision: String,
        /// The rows before the step.
        heads: Vec<String>,
        /// Why.
        reason: String,
    },
}

fn multiple_heads_message(argument: &str, heads: &[String]) -> String {
    if argument == "head" {
        "Multiple head revisions are present for given argument 'head'; please specify a specific target revision, '<branchname>@head' to narrow to a specific head, or 'heads' for all heads".to_string()
    } else {
        format!(
            "Multiple head revisions are present for given argument '{argument}' ({}); please specify a specific target revision, or '{}' for all of them",
            heads.join(", "),
            argument.replace("@head", "@heads"),
        )
    }
}
