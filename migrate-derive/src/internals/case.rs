//! The default table name: the struct name in snake_case.

/// `UserProfile` -> `user_profile`, `HTTPLog` -> `http_log`,
/// `OAuth2Token` -> `o_auth2_token`.
///
/// An underscore goes before an uppercase letter that follows a lowercase
/// letter or a digit, and before the last capital of an acronym when a
/// lowercase letter follows it.
pub fn snake_case(name: &str) -> String {
    let chars: Vec<char> = name.chars().collect();
    let mut out = String::with_capacity(name.len() + 4);
    for (i, &c) in chars.iter().enumerate() {
        if c.is_uppercase() {
            if i > 0 && !out.ends_with('_') {
                let prev = chars[i - 1];
                let next_is_lower = chars.get(i + 1).is_some_and(|n| n.is_lowercase());
                if prev.is_lowercase()
                    || prev.is_ascii_digit()
                    || (prev.is_uppercase() && next_is_lower)
                {
                    out.push('_');
                }
            }
            out.extend(c.to_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::snake_case;

    #[test]
    fn snake_case_names() {
        for (input, expected) in [
            ("User", "user"),
            ("UserProfile", "user_profile"),
            ("HTTPLog", "http_log"),
            ("HTTP", "http"),
            ("LogHTTP", "log_http"),
            ("Team2Member", "team2_member"),
            ("OAuth2Token", "o_auth2_token"),
            ("already_snake", "already_snake"),
            ("With_Underscore", "with_underscore"),
            ("A", "a"),
            ("ABCDef", "abc_def"),
        ] {
            assert_eq!(snake_case(input), expected, "{input}");
        }
    }
}
