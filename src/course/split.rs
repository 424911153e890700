//! A module's Markdown cut into slides. Conventions (docs/course-format.md):
//! `# ` is the module title; every `## ` starts a slide (its section is the handout text);
//! `### الحل` / `### Answer` / `### Solution` under an exercise is its answer;
//! `### ملاحظات المدرب` / `### Speaker notes` / `### Notes` are speaker notes. A slide whose
//! title starts with `تمرين` / `Exercise` is an exercise, `نشاط` / `Activity` an activity,
//! `مثال محلول` / `Worked example` a worked example.

/// What a slide is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SlideKind {
    /// Teaching content.
    Content,
    /// A group activity (no answer).
    Activity,
    /// An exercise: its answer is left out of the participants' handout.
    Exercise,
    /// A worked example: working shown everywhere.
    Worked,
}

/// One slide's Markdown parts.
#[derive(Debug, Clone, PartialEq)]
pub struct SlideSource {
    /// The `## ` title.
    pub title: String,
    /// What it is.
    pub kind: SlideKind,
    /// Body Markdown (without answer and notes).
    pub body: String,
    /// The answer subsection, if any.
    pub answer: Option<String>,
    /// Speaker notes, if any.
    pub notes: Option<String>,
    /// 1-based line of the `## ` heading.
    pub line: usize,
}

/// A module cut into parts.
#[derive(Debug, Clone, PartialEq)]
pub struct ModuleSource {
    /// The `# ` title (empty if the file has none).
    pub title: String,
    /// Markdown between the title and the first slide.
    pub intro: String,
    /// The slides.
    pub slides: Vec<SlideSource>,
}

const ANSWER: &[&str] = &["الحل", "الإجابة", "answer", "solution"];
const NOTES: &[&str] = &["ملاحظات المدرب", "ملاحظات", "speaker notes", "notes"];

/// Which subsection a `### ` heading opens.
enum Sub {
    Answer,
    Notes,
    Other,
}

fn sub_of(title: &str) -> Sub {
    let t = title.trim().to_lowercase();
    if ANSWER.contains(&t.as_str()) {
        Sub::Answer
    } else if NOTES.contains(&t.as_str()) {
        Sub::Notes
    } else {
        Sub::Other
    }
}

fn kind_of(title: &str) -> SlideKind {
    let t = title.trim().to_lowercase();
    if t.starts_with("تمرين") || t.starts_with("exercise") {
        SlideKind::Exercise
    } else if t.starts_with("نشاط") || t.starts_with("activity") {
        SlideKind::Activity
    } else if t.starts_with("مثال محلول") || t.starts_with("worked example") {
        SlideKind::Worked
    } else {
        SlideKind::Content
    }
}

/// An ATX heading of exactly `level` (`## x` → Some("x")).
fn heading(line: &str, level: usize) -> Option<&str> {
    let rest = line.strip_prefix(&"#".repeat(level))?;
    if rest.starts_with('#') {
        return None;
    }
    let rest = rest.strip_prefix([' ', '\t'])?;
    Some(rest.trim().trim_end_matches('#').trim())
}

/// Cuts a module's Markdown into title, intro and slides. Headings inside fenced code
/// blocks are ignored.
pub fn split_module(src: &str) -> ModuleSource {
    let mut module = ModuleSource {
        title: String::new(),
        intro: String::new(),
        slides: Vec::new(),
    };
    let mut fence: Option<String> = None;
    // Where the current lines go: 0 body, 1 answer, 2 notes.
    let mut target = 0u8;
    for (i, line) in src.lines().enumerate() {
        let trimmed = line.trim_start();
        if let Some(f) = &fence {
            if trimmed.starts_with(f.as_str()) {
                fence = None;
            }
        } else if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            fence = Some(trimmed.chars().take(3).collect());
        } else if let Some(t) = heading(line, 1)
            && module.title.is_empty()
            && module.slides.is_empty()
        {
            module.title = t.to_string();
            continue;
        } else if let Some(t) = heading(line, 2) {
            module.slides.push(SlideSource {
                title: t.to_string(),
                kind: kind_of(t),
                body: String::new(),
                answer: None,
                notes: None,
                line: i + 1,
            });
            target = 0;
            continue;
        } else if let Some(t) = heading(line, 3)
            && let Some(slide) = module.slides.last_mut()
        {
            match sub_of(t) {
                Sub::Answer => {
                    slide.answer.get_or_insert_with(String::new);
                    target = 1;
                    continue;
                }
                Sub::Notes => {
                    slide.notes.get_or_insert_with(String::new);
                    target = 2;
                    continue;
                }
                Sub::Other => {}
            }
        }
        let buf = match module.slides.last_mut() {
            None => &mut module.intro,
            Some(s) => match target {
                1 => s.answer.get_or_insert_with(String::new),
                2 => s.notes.get_or_insert_with(String::new),
                _ => &mut s.body,
            },
        };
        buf.push_str(line);
        buf.push('\n');
    }
    module
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cuts_slides_answers_and_notes() {
        let src = "# الوحدة\n\nمقدمة\n\n## تعريف\n\nنص\n\n```\n## ليس عنوانًا\n```\n\n### ملاحظات المدرب\n\nاسأل القاعة\n\n## تمرين: احسب\n\nسؤال\n\n### الحل\n\nالجواب\n\n### Details\n\nmore answer\n";
        let m = split_module(src);
        assert_eq!(m.title, "الوحدة");
        assert_eq!(m.intro.trim(), "مقدمة");
        assert_eq!(m.slides.len(), 2);
        assert_eq!(m.slides[0].kind, SlideKind::Content);
        assert!(m.slides[0].body.contains("## ليس عنوانًا"));
        assert_eq!(
            m.slides[0].notes.as_deref().map(str::trim),
            Some("اسأل القاعة")
        );
        assert_eq!(m.slides[1].kind, SlideKind::Exercise);
        assert_eq!(m.slides[1].line, 17);
        assert_eq!(m.slides[1].body.trim(), "سؤال");
        let a = m.slides[1].answer.as_deref().unwrap();
        assert!(a.contains("الجواب") && a.contains("### Details"), "{a}");
    }

    #[test]
    fn kinds_in_both_languages() {
        assert_eq!(kind_of("Worked example: NPS"), SlideKind::Worked);
        assert_eq!(kind_of("مثال محلول: صافي نقاط الترويج"), SlideKind::Worked);
        assert_eq!(
            kind_of("Activity: your own experience"),
            SlideKind::Activity
        );
        assert_eq!(kind_of("نشاط: تجربتك أنت"), SlideKind::Activity);
        assert_eq!(kind_of("Exercise: work it out"), SlideKind::Exercise);
    }
}
