//! The font roles of a layout (title 小标宋, body 仿宋, heading 黑体, kai 楷体).
//!
//! Issue files name roles in `[layout.fonts]`, and layouts ask for fonts by role; which
//! families stand for each role, and how they are found, is the business of `fonts`.

use serde::Serialize;

/// What a layout uses a font for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// 小标宋: the masthead title and the table-of-contents title.
    Title,
    /// 仿宋: body text, the colophon, the table of contents.
    Body,
    /// 黑体: section headings and run-in headlines.
    Heading,
    /// 楷体: second-level headings and notes.
    Kai,
}

impl Role {
    /// Every role, in the order `yuebao fonts` reports them.
    pub const ALL: [Role; 4] = [Role::Title, Role::Body, Role::Heading, Role::Kai];

    /// The role's name as layouts and issue files write it.
    pub fn name(self) -> &'static str {
        match self {
            Role::Title => "title",
            Role::Body => "body",
            Role::Heading => "heading",
            Role::Kai => "kai",
        }
    }

    /// The Chinese name of the typeface the role stands for.
    pub fn chinese(self) -> &'static str {
        match self {
            Role::Title => "小标宋",
            Role::Body => "仿宋",
            Role::Heading => "黑体",
            Role::Kai => "楷体",
        }
    }

    /// The weight a layout sets the role in (小标宋 titles are black, 黑体
    /// headlines bold); `yuebao fonts` reports the face of that weight.
    pub fn weight(self) -> u16 {
        match self {
            Role::Title => 900,
            Role::Heading => 700,
            Role::Body | Role::Kai => 400,
        }
    }

    /// Looks a role up by its name.
    pub fn from_name(name: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.name() == name)
    }
}
