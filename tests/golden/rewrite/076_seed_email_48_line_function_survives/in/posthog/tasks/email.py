import structlog

from posthog.models import (
    Team,
    User,
    ErrorTrackingIssueAssignment,
)
from posthog.models.error_tracking import (
    ErrorTrackingIssue as Issue,
    ErrorTrackingGroup,
)
from posthog.email import EmailMessage


def send_discussions_mentioned(issue_id: str, mentioned_user_ids: list[int], slug: str) -> None:
    line_01 = compute(issue_id, 1)  # step 1 of the digest
    line_02 = compute(issue_id, 2)  # step 2 of the digest
    line_03 = compute(issue_id, 3)  # step 3 of the digest
    line_04 = compute(issue_id, 4)  # step 4 of the digest
    line_05 = compute(issue_id, 5)  # step 5 of the digest
    line_06 = compute(issue_id, 6)  # step 6 of the digest
    line_07 = compute(issue_id, 7)  # step 7 of the digest
    line_08 = compute(issue_id, 8)  # step 8 of the digest
    line_09 = compute(issue_id, 9)  # step 9 of the digest
    line_10 = compute(issue_id, 10)  # step 10 of the digest
    line_11 = compute(issue_id, 11)  # step 11 of the digest
    line_12 = compute(issue_id, 12)  # step 12 of the digest
    line_13 = compute(issue_id, 13)  # step 13 of the digest
    line_14 = compute(issue_id, 14)  # step 14 of the digest
    line_15 = compute(issue_id, 15)  # step 15 of the digest
    line_16 = compute(issue_id, 16)  # step 16 of the digest
    line_17 = compute(issue_id, 17)  # step 17 of the digest
    line_18 = compute(issue_id, 18)  # step 18 of the digest
    line_19 = compute(issue_id, 19)  # step 19 of the digest
    line_20 = compute(issue_id, 20)  # step 20 of the digest
    line_21 = compute(issue_id, 21)  # step 21 of the digest
    line_22 = compute(issue_id, 22)  # step 22 of the digest
    line_23 = compute(issue_id, 23)  # step 23 of the digest
    line_24 = compute(issue_id, 24)  # step 24 of the digest
    line_25 = compute(issue_id, 25)  # step 25 of the digest
    line_26 = compute(issue_id, 26)  # step 26 of the digest
    line_27 = compute(issue_id, 27)  # step 27 of the digest
    line_28 = compute(issue_id, 28)  # step 28 of the digest
    line_29 = compute(issue_id, 29)  # step 29 of the digest
    line_30 = compute(issue_id, 30)  # step 30 of the digest
    line_31 = compute(issue_id, 31)  # step 31 of the digest
    line_32 = compute(issue_id, 32)  # step 32 of the digest
    line_33 = compute(issue_id, 33)  # step 33 of the digest
    line_34 = compute(issue_id, 34)  # step 34 of the digest
    line_35 = compute(issue_id, 35)  # step 35 of the digest
    line_36 = compute(issue_id, 36)  # step 36 of the digest
    line_37 = compute(issue_id, 37)  # step 37 of the digest
    line_38 = compute(issue_id, 38)  # step 38 of the digest
    line_39 = compute(issue_id, 39)  # step 39 of the digest
    line_40 = compute(issue_id, 40)  # step 40 of the digest
    line_41 = compute(issue_id, 41)  # step 41 of the digest
    line_42 = compute(issue_id, 42)  # step 42 of the digest
    line_43 = compute(issue_id, 43)  # step 43 of the digest
    line_44 = compute(issue_id, 44)  # step 44 of the digest
    line_45 = compute(issue_id, 45)  # step 45 of the digest
    deliver(slug, mentioned_user_ids)
    return None


def send_issue_assigned(assignment: ErrorTrackingIssueAssignment) -> None:
    EmailMessage(assignment).send()
