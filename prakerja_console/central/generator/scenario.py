"""What a scenario file says: exact funnel counts, waves, the mix of reasons, showcase people.

The models here check shape and ranges (strictly: unknown keys and wrong types
are errors); whether the numbers fit together is checked by :mod:`.loading` and
:mod:`.plan`, and every error names the file and the dotted key
(``waves.1.quota``) so whoever edits a scenario knows exactly what to fix.

Times in a scenario are TOML datetimes; a local datetime (no offset) is read in
WIB, the zone the programme sets every schedule in.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal
from zoneinfo import ZoneInfo

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from prakerja_console.central.generator.kinds import DEFAULT_REASON_WEIGHTS, Kind
from prakerja_console.domain.funnel import Reason, SideState, Stage

WIB = ZoneInfo("Asia/Jakarta")


class ScenarioError(ValueError):
    """A scenario that cannot be generated, naming the file and the key at fault."""

    def __init__(self, source: str, key: str, problem: str) -> None:
        super().__init__(f"{source}: {key}: {problem}")
        self.source = source
        self.key = key
        self.problem = problem


def _in_wib(value: datetime) -> datetime:
    return value.replace(tzinfo=WIB) if value.tzinfo is None else value


WibDateTime = Annotated[datetime, AfterValidator(_in_wib)]
Share = Annotated[float, Field(ge=0, le=1)]
Count = Annotated[int, Field(ge=0)]
Weights = dict[str, Annotated[float, Field(ge=0)]]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)


class Registration(_Strict):
    """The registration window and the shape of its arrivals (see :mod:`.curve`)."""

    opens_at: WibDateTime
    closes_at: WibDateTime  # exclusive; not after the scenario's ``now``
    surge_share: Share = 0.3
    surge_peak_minutes: float = Field(default=3.0, gt=0)
    decay_share: Share = 0.4
    decay_hours: float = Field(default=12.0, gt=0)
    diurnal_amplitude: Share = 0.5


class Funnel(_Strict):
    """Cumulative counts: how many applicants reached *at least* each stage."""

    registered: Count
    email_verified: Count = 0
    nik_verified: Count = 0
    joined_batch: Count = 0
    accepted: Count = 0
    training: Count = 0
    completed: Count = 0
    incentive_paid: Count = 0

    def reached(self, stage: Stage) -> int:
        return int(getattr(self, stage.value))


class SideStates(_Strict):
    not_accepted: Count = 0  # of those who joined and were not accepted
    rejected: Count = 0  # of those who joined and were found ineligible
    revoked: Count = 0  # of those accepted who bought no training in time


class WaveSpec(_Strict):
    number: int = Field(ge=1)
    name: str = Field(min_length=1, max_length=100)
    opens_at: WibDateTime
    closes_at: WibDateTime
    announce_at: WibDateTime
    quota: Count
    accepted: Count | None = None  # exact acceptances; derived from quotas when absent
    dtks_policy: Literal["deprioritise", "exclude"]
    min_age: int = Field(default=18, ge=0, le=60)
    revocation_days: int = Field(default=30, ge=1, le=365)


class Mix(_Strict):
    """Shares and reason weights: drawn per applicant, so they hold on average, not exactly."""

    priority_group: Share = 0.12  # on a ministry's priority list (laid off, furloughed, …)
    family: Share = 0.05  # shares a family card with an earlier applicant
    recipient_family: Share = 0.08  # a recipient whose family card another recipient holds
    dtks_recipient: Share = 0.06  # undecided applicants the social registry lists
    student: Share = 0.03  # undecided applicants the education registry lists
    excluded_occupation: Share = 0.015  # undecided applicants in an excluded occupation
    rejoin: Share = 0.3  # not accepted once, then joined a later wave
    tickets: Share = 0.04  # applicants with a problem who called the call centre
    verification_cases: Share = 0.5  # NIK problems a regional officer looks at
    notes: Share = 0.3  # tickets whose agent also left a note on the applicant
    registered: Weights | None = None
    email_verified: Weights | None = None
    not_accepted: Weights | None = None
    rejected: Weights | None = None
    training: Weights | None = None
    completed: Weights | None = None

    def weights(self, kind: Kind) -> dict[Reason, float]:
        """The reason weights for ``kind``: the scenario's table, else the defaults."""
        given: dict[str, float] | None = getattr(self, kind.name.lower(), None)
        if given is None:
            return dict(DEFAULT_REASON_WEIGHTS.get(kind, {}))
        return {Reason(code): weight for code, weight in given.items()}


class ShowcaseTicket(_Strict):
    category: str
    subject: str = Field(min_length=1, max_length=200)
    status: str = "open"
    priority: str = "normal"
    channel: str = "phone"
    assignee: str | None = None


class ShowcaseApplicant(_Strict):
    """A person written by hand (for trainers, screenshots and tests), emitted first."""

    problem: str = Field(pattern=r"^[a-z][a-z0-9_]*$", max_length=60)
    name: str = Field(min_length=1, max_length=200)
    email: str = Field(min_length=3, max_length=254)
    phone: str | None = Field(default=None, pattern=r"^\+628[0-9]{8,11}$")
    nik: str | None = None  # required once the profile is submitted
    kk_number: str | None = None
    birth_date: date | None = None  # as entered; defaults to the NIK's
    registry_birth_date: date | None = None  # the registry's, for nik_registry_mismatch
    occupation: str = "private_employee"
    priority_group: str | None = None
    stage: Annotated[Stage, Field(strict=False)]
    side_state: Annotated[SideState | None, Field(strict=False)] = None
    reason: Annotated[Reason, Field(strict=False)]
    waves: list[int] = Field(default_factory=list)  # wave numbers joined, in order
    ticket: ShowcaseTicket | None = None
    verification_case: Literal["open", "in_review", "approved", "rejected"] | None = None


class Scenario(_Strict):
    """A whole data set: build one with :func:`.loading.load_scenario` or ``parse_scenario``."""

    name: str = Field(min_length=1, max_length=100)
    seed: int
    now: WibDateTime
    agents: list[str] = Field(min_length=1)  # usernames that create and work tickets
    officers: dict[str, str] = Field(default_factory=dict)  # province code -> officer
    registration: Registration
    funnel: Funnel
    side_states: SideStates = SideStates()
    waves: list[WaveSpec] = Field(default_factory=list)
    mix: Mix = Mix()
    showcase: list[ShowcaseApplicant] = Field(default_factory=list)
