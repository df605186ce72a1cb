//! The methodology page's part on the comparison's zones, per-token figures, routing objective, Pareto front
//! and decision log (section 7, continued), with the figures taken from the code that computes them.

use leptos::prelude::*;

use crate::compare::decision_log::{GENESIS, LOG_FORMAT};
use crate::compare::record::Metric;
use crate::compare::zones::{INTENSITY_SOURCE, SIDE_BY_SIDE};
use crate::pages::compare::{pareto_step_pct, zone_intensity_text};

/// Section 7's subsections on the comparison.
#[component]
pub fn CompareMethodology() -> impl IntoView {
    let step = pareto_step_pct();
    view! {
        <h3 id="compare-zones">"Where the models run"</h3>
        <p>
            "Each local model runs in an electricity zone: the page's zone (the world mix unless you change it), or one \
             of its own. A hosted model runs in its provider's zone in EcoLogits (OpenAI, Anthropic, Google, \
             Hugging Face: USA; Mistral: Sweden) unless you give it one; a hosted model EcoLogits does not list, \
             assessed from the size in its name, uses the world mix. The zone sets the carbon intensity of the \
             electricity (usage CO2 = energy × intensity) and the water of its generation; energy, embodied CO2 and \
             cost do not change. " {format!("Intensities: {INTENSITY_SOURCE}.")}
            " The side-by-side view puts every compared model in each of these zones in turn: "
            {SIDE_BY_SIDE.iter().map(|(z, _)| zone_intensity_text(z)).collect::<Vec<_>>().join("; ")} "."
        </p>
        <h3 id="compare-per-token">"Per token and per generated token"</h3>
        <p>
            "The LLM ROI & Sustainability Dashboard defines energy_Wh_per_token as the energy used per generated \
             token, and LLM Ledger keeps that meaning under that name: "
            <code>{Metric::WhPerGeneratedToken.id()}</code> " and " <code>{Metric::Co2PerMGenerated.id()}</code>
            " divide the year's energy and CO2 by output tokens only (requests × output tokens per request); "
            <code>{Metric::WhPerToken.id()}</code> " and " <code>{Metric::Co2PerM.id()}</code>
            " divide them by all tokens, input and output. EcoLogits' energy grows with \
             output tokens only, so the generated-token figure is the all-token one ÷ the output share (4× at the \
             default 25 %). The same names head the table's columns, the CSV and JSON exports, the bar chart's \
             selector and the command line's compare output."
        </p>
        <h3 id="compare-objective">"The recommended routing and the Pareto front"</h3>
        <p>
            "The recommendation sends at least the capable share of the work to capable tiers and optimises the \
             objective you choose: the lowest yearly cost, the lowest yearly CO2 (middle of its range), or the \
             highest ROI & sustainability score with your weights, a mix scoring the share-weighted mean of its \
             tiers' scores. Each objective is a share-weighted sum, so the best mix puts exactly the capable share \
             on the best capable tier and the rest on the best tier of all. "
            {format!("The chart draws every split of the three tiers in steps of {step} % that meets the capable share, by yearly cost and CO2; a mix dominates another when it is no worse on both and better on one, and the Pareto front joins the mixes no mix dominates. The recommended mix is marked: a cost or CO2 optimum is always on the front, a score optimum need not be.")}
        </p>
        <h3 id="compare-decision-log">"The decision log"</h3>
        <p>
            "Entries are appended, never edited or deleted. Each entry holds its number, date, text, model, yearly \
             cost and CO2 then, the previous entry's hash and its own hash: SHA-256 (FIPS 180-4) of the previous \
             hash, a line break and the entry's content as JSON, in that field order. The first entry links to 64 \
             zeros ("
            <code>{GENESIS.get(..8).unwrap_or(GENESIS)}"…"</code>
            "). Editing, removing, inserting or swapping any entry breaks the chain at that entry or the next, and \
             the page says which. An export ("
            <code>{LOG_FORMAT}</code>
            ") states the last hash and the count, so cutting entries off the end shows on import too. A chain \
             cannot show a log rewritten from some entry to the end with new hashes: keep the last hash shown on \
             the page somewhere else (a ticket, an e-mail) to anchor it. Starting a new log archives the current \
             one in this browser; the new log's first entry is your note, linked to the archived log's last hash."
        </p>
    }
}
