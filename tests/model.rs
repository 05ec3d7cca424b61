//! What an editor sees when an issue file is wrong: every problem, with the
//! file, line, column and field, in Chinese.

use std::path::Path;

use yuebao::model::{Format, Issue, ModelError};

const GOOD: &str = r#"
[masthead]
title = "平顶山月报"
year = 2023
number = 9
total_number = 213
editor = "平顶山市地方史志办公室编"
date = "2023-10-07"

[colophon]
supervisor = "平顶山市人民政府"
sponsor = "平顶山市地方史志办公室"
chief_editor = "孙洪涛"
deputy_editor = "姬廷宣"
responsible_editor = "张征"
address = "平顶山市政大厦0324室"
phone = "0375-2665581"
email = "pdsdfz@sina.com"
distribution = "市委常委"

[[sections]]
title = "时政要闻"

[[sections.articles]]
headline = "全市生态环境保护大会召开"
paragraphs = ["9月14日，全市生态环境保护大会召开。"]

[[sections]]
title = "领导活动"

[[sections.articles]]
headline = "陈向平到郏县调研"
paragraphs = ["9月23日，市委书记陈向平到郏县调研，", "察看农产品展销。"]
"#;

fn problems(text: &str) -> Vec<String> {
    match Issue::parse(text, Format::Toml) {
        Ok(_) => vec![],
        Err(problems) => problems
            .iter()
            .map(|p| {
                let (line, col) = p.position.unwrap_or((0, 0));
                format!(
                    "{line}:{col}: {} {}",
                    p.field.as_deref().unwrap_or("-"),
                    p.message
                )
            })
            .collect(),
    }
}

#[test]
fn a_valid_issue_reads_from_toml_and_json_alike() {
    let issue = Issue::parse(GOOD, Format::Toml).expect("valid");
    assert_eq!(issue.sections.len(), 2);
    assert_eq!(issue.sections[1].articles[0].paragraphs.len(), 2);
    let again = Issue::parse(&issue.to_json(), Format::Json).expect("valid JSON");
    assert_eq!(issue, again);
}

#[test]
fn an_empty_headline_is_reported_at_its_line_and_column() {
    let text = GOOD.replace("headline = \"陈向平到郏县调研\"", "headline = \"  \"");
    assert_eq!(
        problems(&text),
        vec!["32:12: sections[2].articles[1].headline 为空"]
    );
}

#[test]
fn every_problem_is_reported_at_once() {
    let text = GOOD
        .replace("number = 9", "number = 0")
        .replace("title = \"时政要闻\"", "title = \"\"")
        .replace("\"察看农产品展销。\"", "\"\"");
    let found = problems(&text);
    assert_eq!(
        found,
        vec![
            "22:9: sections[1].title 为空",
            "33:38: sections[2].articles[1].paragraphs[2] 为空",
            "5:10: masthead.number 必须为正整数",
        ],
        "{found:#?}"
    );
}

#[test]
fn unknown_keys_are_rejected_with_their_position() {
    let text = GOOD.replace(
        "editor = \"平顶山市地方史志办公室编\"",
        "editer = \"平顶山市地方史志办公室编\"",
    );
    let found = problems(&text);
    assert_eq!(found.len(), 1);
    assert!(found[0].starts_with("7:1: "), "{found:?}");
    assert!(found[0].contains("editer"), "{found:?}");
}

#[test]
fn wrong_types_missing_and_unknown_fields_are_told_in_chinese() {
    let found = problems(&GOOD.replace("total_number = 213", "total_number = \"二一三\""));
    assert_eq!(found.len(), 1);
    assert!(found[0].starts_with("6:16: "), "{found:?}");
    assert!(
        found[0].contains("类型不对")
            && found[0].contains("非负整数")
            && found[0].contains("\"二一三\""),
        "{found:?}"
    );
    let found = problems(&GOOD.replace("number = 9\n", ""));
    assert_eq!(found.len(), 1);
    assert!(found[0].contains("缺少必填字段 `number`"), "{found:?}");
    let found = problems(&GOOD.replace("year = 2023", "year = 2023\nyaer = 2023"));
    assert!(
        found[0].contains("未知字段 `yaer`") && found[0].contains("`year`、`number`"),
        "{found:?}"
    );
    // Syntax errors say so, with the parser's own words.
    let found = problems(&GOOD.replace("title = \"平顶山月报\"", "title = \"平顶山月报"));
    assert!(found[0].contains("TOML 语法错误"), "{found:?}");
    let good = Issue::parse(GOOD, Format::Toml).unwrap().to_json();
    let json = good.replacen("\"year\": 2023", "\"year\": \"2023\"", 1);
    let Err(problems) = Issue::parse(&json, Format::Json) else {
        panic!("must fail")
    };
    assert!(problems[0].message.contains("类型不对"), "{problems:?}");
    let Err(problems) = Issue::parse(&good[..good.len() / 2], Format::Json) else {
        panic!("must fail")
    };
    assert!(
        problems[0].message.contains("JSON 语法错误"),
        "{problems:?}"
    );
}

#[test]
fn impossible_dates_are_rejected() {
    let found = problems(&GOOD.replace("2023-10-07", "2023-02-30"));
    assert_eq!(found.len(), 1);
    assert!(found[0].starts_with("8:8: "), "{found:?}");
    assert!(
        found[0].contains("2023-02-30") && found[0].contains("无效"),
        "{found:?}"
    );
}

#[test]
fn empty_sections_and_articles_without_text_are_rejected() {
    let text = GOOD.replace(
        "paragraphs = [\"9月14日，全市生态环境保护大会召开。\"]",
        "paragraphs = []",
    );
    assert_eq!(
        problems(&text),
        vec!["26:14: sections[1].articles[1].paragraphs 文章没有正文段落"]
    );
    let text = format!("{GOOD}\n[[sections]]\ntitle = \"空栏目\"\narticles = []\n");
    let found = problems(&text);
    assert_eq!(found, vec!["37:12: sections[3].articles 栏目中没有文章"]);
}

#[test]
fn json_problems_have_positions_too() {
    let issue = Issue::parse(GOOD, Format::Toml).unwrap();
    let json = issue.to_json().replace("\"陈向平到郏县调研\"", "\"\"");
    let Err(problems) = Issue::parse(&json, Format::Json) else {
        panic!("must fail")
    };
    assert_eq!(problems.len(), 1);
    assert_eq!(
        problems[0].field.as_deref(),
        Some("sections[2].articles[1].headline")
    );
    let (line, _) = problems[0].position.expect("a position");
    assert_eq!(
        json.lines()
            .nth(line - 1)
            .map(|l| l.contains("\"headline\": \"\"")),
        Some(true)
    );
}

#[test]
fn a_file_error_names_the_file() {
    let error = Issue::load(Path::new("samples/不存在.toml")).unwrap_err();
    assert!(matches!(error, ModelError::Io { .. }));
    assert!(
        error.to_string().starts_with("samples/不存在.toml: "),
        "{error}"
    );
    let error = Issue::load(Path::new("samples/2023-09.yaml")).unwrap_err();
    assert!(error.to_string().contains(".toml 或 .json"), "{error}");
}

#[test]
fn multi_line_paragraphs_join_without_spaces() {
    let text = GOOD.replace(
        "paragraphs = [\"9月14日，全市生态环境保护大会召开。\"]",
        "paragraphs = [\"\"\"\n9月14日，全市生态环境\n保护大会召开。\"\"\"]",
    );
    let issue = Issue::parse(&text, Format::Toml).unwrap();
    assert_eq!(
        issue.sections[0].articles[0].paragraphs[0],
        "9月14日，全市生态环境保护大会召开。"
    );
}

#[test]
fn original_page_is_optional_and_must_be_positive() {
    let with_page = |page: &str| {
        GOOD.replace(
            "headline = \"陈向平到郏县调研\"",
            &format!("headline = \"陈向平到郏县调研\"\noriginal_page = {page}"),
        )
    };
    let issue = Issue::parse(&with_page("11"), Format::Toml).expect("valid");
    assert_eq!(issue.sections[1].articles[0].original_page, Some(11));
    assert_eq!(
        problems(&with_page("0")),
        vec!["33:17: sections[2].articles[1].original_page 必须为正整数"]
    );
}
