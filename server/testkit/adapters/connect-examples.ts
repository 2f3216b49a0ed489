/**
 * Amazon Connect and Kinesis Data Firehose payloads exactly as their documentation prints
 * them (written as JavaScript literals, which accept the documents' comments, trailing
 * commas and `your-region` placeholders). Tests move their timestamps to now with `rebase`.
 * What the agent event stream records print again and again (the agent's status and
 * configuration, its one contact) is written once and built into each snapshot: the records
 * are the same objects, field for field and in the same order.
 */

/**
 * The agent's status and configuration, which the guide's two records below print unchanged
 * in all four of their snapshots.
 */
const AGENT = {
    "AgentStatus": {
        "ARN": "arn:aws:connect:us-east-1:012345678901:instance/aaaaaaaa-bbbb-cccc-dddd-111111111111/agent-state/agent-state-ARN",
        "Name": "Available",
        "StartTimestamp": "2018-10-25T18:43:59.059Z"
    },
    "Configuration": {
        "AgentHierarchyGroups": null,
        "FirstName": "(Removed)",
        "LastName": "(Removed)",
        "RoutingProfile": {
            "ARN": "arn:aws:connect:us-east-1:012345678901:instance/aaaaaaaa-bbbb-cccc-dddd-111111111111/routing-profile/routing-profile-ARN",
            "DefaultOutboundQueue": {
                "ARN": "arn:aws:connect:us-east-1:012345678901:instance/aaaaaaaa-bbbb-cccc-dddd-111111111111/queue/queue-ARN-for-BasicQueue",
                "Name": "BasicQueue"
            },
            "InboundQueues": [
                {
                    "ARN": "arn:aws:connect:us-east-1:012345678901:instance/aaaaaaaa-bbbb-cccc-dddd-111111111111/queue/queue-ARN-for-BasicQueue",
                    "Name": "BasicQueue"
                },
                {
                    "ARN": "arn:aws:connect:us-east-1:012345678901:instance/aaaaaaaa-bbbb-cccc-dddd-111111111111/queue/queue-ARN-for-PrimaryQueue",
                    "Name": "PrimaryQueue"
                }
            ],
            "Name": "Basic Routing Profile"
        },
        "Username": "(Removed)"
    }
};

/** The guide's one contact, as the agent's snapshot prints it while connected … */
const CONTACT_CONNECTED = {
    "Channel": "VOICE",
    "ConnectedToAgentTimestamp": "2018-10-25T18:55:21.021Z",
    "ContactId": "ContactId-1",
    "InitialContactId": null,
    "InitiationMethod": "OUTBOUND",
    "Queue": {
        "ARN": "arn:aws:connect:us-east-1:012345678901:instance/aaaaaaaa-bbbb-cccc-dddd-111111111111/queue/queue-ARN-for-BasicQueue",
        "Name": "BasicQueue"
    },
    "QueueTimestamp": null,
    "State": "CONNECTED",
    "StateStartTimestamp": "2018-10-25T18:55:21.021Z"
};

/** … and once it has ended: the same fields but these two. */
const CONTACT_ENDED = {
    ...CONTACT_CONNECTED,
    "State": "ENDED",
    "StateStartTimestamp": "2018-10-25T18:55:27.027Z"  //Agent entered ACW at this time
};

/**
 * Amazon Connect Administrator Guide, "Use agent event streams to determine agent ACW
 * time": the agent's contact enters ENDED (ACW starts) …
 */
export const AGENT_ENTERS_ACW = {
    "AWSAccountId": "012345678901",
    "AgentARN": "arn:aws:connect:us-east-1:012345678901:instance/aaaaaaaa-bbbb-cccc-dddd-111111111111/agent/agent-ARN",
    "CurrentAgentSnapshot": { ...AGENT, "Contacts": [CONTACT_ENDED] },
    "EventId": "EventId-1",
    "EventTimestamp": "2018-10-25T18:55:27.027Z",
    "EventType": "STATE_CHANGE",
    "InstanceARN": "arn:aws:connect:us-east-1:012345678901:instance/aaaaaaaa-bbbb-cccc-dddd-111111111111",
    "PreviousAgentSnapshot": { ...AGENT, "Contacts": [CONTACT_CONNECTED] },
    "Version": "2017-10-01"
};

/** … and the same guide's next record: the agent leaves ACW (no contacts any more). */
export const AGENT_LEAVES_ACW = {
    "AWSAccountId": "012345678901",
    "AgentARN": "arn:aws:connect:us-east-1:012345678901:instance/aaaaaaaa-bbbb-cccc-dddd-111111111111/agent/agent-ARN",
    "CurrentAgentSnapshot": { ...AGENT, "Contacts": [] },
    "EventId": "477f2c4f-cd1a-4785-b1a8-97023dc1229d",
    "EventTimestamp": "2018-10-25T18:55:32.032Z",
    "EventType": "STATE_CHANGE",
    "InstanceARN": "arn:aws:connect:us-east-1:012345678901:instance/aaaaaaaa-bbbb-cccc-dddd-111111111111",
    "PreviousAgentSnapshot": AGENT_ENTERS_ACW.CurrentAgentSnapshot,
    "Version": "2017-10-01"
};

/**
 * Amazon Connect Administrator Guide, "Sample contact event for when a voice call is
 * connected to an agent". The guide closes `detail` one brace early (leaving queueInfo and
 * tags outside it, with a stray brace at the end); that one brace is the only change.
 */
export const CONTACT_CONNECTED_TO_AGENT = {
    "version": "0",
    "id": "abcabcab-abca-abca-abca-abcabcabcabc",
    "detail-type": "Amazon Connect Contact Event",
    "source": "aws.connect",
    "account": "111122223333",
    "time": "2021-08-04T17:43:48Z",
    "region": "`your-region`",
    "resources": [
        "arn:aws:...",
        "contactArn",
        "instanceArn"
    ],
    "detail": {
        "initiationTimestamp":"2021-08-04T17:17:53.000Z",
        "contactId":"11111111-1111-1111-1111-111111111111",
        "channel":"VOICE",
        "instanceArn":"arn:aws::connect:`your-region`:123456789012:instance/12345678-1234-1234-1234-123456789012",
        "initiationMethod":"INBOUND",
        "eventType":"CONNECTED_TO_AGENT",
        "agentInfo":{
          "agentArn":"arn:aws::connect:`your-region`:123456789012:instance/12345678-1234-1234-1234-123456789012/agent/12345678-1234-1234-1234-123456789012",
          "connectedToAgentTimestamp":"2021-08-04T17:29:09.000Z",
          "hierarchyGroups": {
                         "level1": {
                            "arn": "arn:aws:connect:`your-region`:012345678901:instance/12345678-1234-1234-1234-123456789012/agent-group/abcdefgh-1234-1234-1234-12345678901a",
                        },
                        "level2": {
                            "arn": "arn:aws:connect:`your-region`:012345678901:instance/12345678-1234-1234-1234-123456789012/agent-group/abcdefgh-1234-1234-1234-12345678901b",
                        },
                        "level3": {
                            "arn": "arn:aws:connect:`your-region`:012345678901:instance/12345678-1234-1234-1234-123456789012/agent-group/abcdefgh-1234-1234-1234-12345678901c",
                        },
                        "level4": {
                            "arn": "arn:aws:connect:`your-region`:012345678901:instance/12345678-1234-1234-1234-123456789012/agent-group/abcdefgh-1234-1234-1234-12345678901d",
                        },
                        "level5": {
                            "arn": "arn:aws:connect:`your-region`:012345678901:instance/12345678-1234-1234-1234-123456789012/agent-group/abcdefgh-1234-1234-1234-12345678901e",
                        }
                 }
            },
         "queueInfo": {
            "queueType":"type",
            "queueArn":"arn:aws::connect:`your-region`:123456789012:instance/12345678-1234-1234-1234-123456789012/queue/12345678-1234-1234-1234-123456789012",
            "enqueueTimestamp":"2021-08-04T17:29:04.000Z"
          },
         "tags": {
            "aws:connect:instanceId":"12345678-1234-1234-1234-123456789012",
            "aws:connect:systemEndpoint":"+11234567890"
         }
    }
};

/**
 * The same guide's "Sample contact event for when a voice call is disconnected": an outbound
 * call the agent was connected to (the guide's placeholders `arn` and `type` kept as printed).
 */
export const CONTACT_DISCONNECTED = {
    "version": "0",
    "id": "abcabcab-abca-abca-abca-abcabcabcabc",
    "detail-type": "Amazon Connect Contact Event",
    "source": "aws.connect",
    "account": "111122223333",
    "time": "2021-08-04T17:43:48Z",
    "region": "us-west-1",
    "resources": [
        "arn:aws:...",
        "contactArn",
        "instanceArn"
    ],
    "detail": {
        "eventType": "DISCONNECTED",
        "contactId": "11111111-1111-1111-1111-111111111111",
        "initialContactId": "11111111-2222-3333-4444-555555555555",
        "previousContactId": "11111111-2222-3333-4444-555555555555",
        "channel": "Voice",
        "instanceArn": "arn:aws::connect:us-west-2:123456789012:instance/12345678-1234-1234-1234-123456789012",
        "initiationMethod": "OUTBOUND",
        "initiationTimestamp":"2021-08-04T17:17:53.000Z",
        "connectedToSystemTimestamp":"2021-08-04T17:17:55.000Z",
        "disconnectTimestamp":"2021-08-04T17:18:37.000Z",
        "queueInfo": {
            "queueArn": "arn",
            "queueType": "type",
            "enqueueTimestamp": "2021-08-04T17:29:04.000Z"
        },
        "AgentInfo": {
            "AgentArn": "arn",
            "connectedToAgentTimestamp":"2021-08-04T17:29:09.000Z"
        },
        "CustomerVoiceActivity": {
            "greetingStartTimestamp":"2021-08-04T17:29:20.000Z",
            "greetingEndTimestamp":"2021-08-04T17:29:22.000Z",
        }
    }
};

/** The same guide's "Sample event for when contact properties are updated": a type the wallboard does not need. */
export const CONTACT_DATA_UPDATED = {
"version": "0",
    "id": "the event ID",
    "detail-type": "Amazon Connect Contact Event",
    "source": "aws.connect",
    "account": "`the account ID`",
    "time": "2021-08-04T17:43:48Z",
    "region": "your-region",
    "resources": [
        "arn:aws:...",
        "contactArn",
        "instanceArn"
    ],
"detail": {
    "eventType": "CONTACT_DATA_UPDATED",
    "contactId": "`the contact ID`",
    "channel": "CHAT",
    "instanceArn": "arn:aws:connect:us-west-2:`the account ID`:instance/`the instance ID`",
    "initiationMethod": "API",
    "queueInfo": {
        "queueArn": "arn:aws:connect:us-west-2:`the account ID`:instance/`the instance ID`/queue/`the queue ID`",
        "enqueueTimestamp": "2023-10-24T02:39:15.240Z",
        "queueType": "STANDARD"
    },
    "agentInfo": {
        "agentArn": "arn:aws:connect:us-west-2:`the account ID`:instance/`the instance ID`/agent/`the agent ID`",
        "connectedToAgentTimestamp": "1970-01-01T00:00:00.001Z",
        "hierarchyGroups": {
            "level1": {
                "arn": "arn:aws:connect:us-west-2:`the account ID`:instance/`the instance ID`/agent-group/`the agent group ID`"
            },
            "level2": {
                "arn": "arn:aws:connect:us-west-2:`the account ID`:instance/`the instance ID`/agent-group/`the agent group ID`"
            },
            "level3": {
                "arn": "arn:aws:connect:us-west-2:`the account ID`:instance/`the instance ID`/agent-group/`the agent group ID`"
            },
            "level4": {
                "arn": "arn:aws:connect:us-west-2:`the account ID`:instance/`the instance ID`/agent-group/`the agent group ID`"
            }
        }
    },
    "updatedProperties": ["ContactLens.ConversationalAnalytics.Configuration"],
    "initiationTimestamp": "2023-10-24T02:39:15.154Z",
    "connectedToSystemTimestamp": "1970-01-01T00:00:00.001Z",
    "tags": {
        "aws:connect:instanceId": "`the instance ID`"
       },
    "contactLens": {
        "conversationalAnalytics": {
            "configuration": {
                "enabled": true,
                "channelConfiguration": {
                    "analyticsModes": ["PostContact"]
                },
                "languageLocale": "en-US",
                "redactionConfiguration": {
                    "behavior": "Enable",
                    "policy": "RedactedAndOriginal",
                    "entities": ["EMAIL"],
                    "maskMode": "EntityType"
                }
            }
        }
    }
}
};

/** Amazon Data Firehose developer guide, "HTTP endpoint delivery request and response specifications": the request body example. */
export const FIREHOSE_REQUEST = {
    "requestId": "ed4acda5-034f-9f42-bba1-f29aea6d7d8f",
    "timestamp": 1578090901599,
    "records": [
        {
            "data": "aGVsbG8="
        },
        {
            "data": "aGVsbG8gd29ybGQ="
        }
    ]
};
