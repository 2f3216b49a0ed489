/**
 * AMI queue events with the fields Asterisk's AMI event documentation lists for them
 * (docs.asterisk.org, AMI_Events), for tests to send through a FakeAmi; `legacy` holds the
 * Asterisk ≤ 11 spellings, as app_queue.c of Asterisk 11 writes them (Join/Leave are class
 * call; AgentConnect names the member `Member` and writes `Holdtime`).
 */
type Fields = Record<string, string>;

/** The caller channel's fields every queue caller event carries. */
function callerChannel(uniqueid: string): Fields {
  return {
    Channel: `PJSIP/trunk-${uniqueid.replace('.', '')}`,
    ChannelState: '6',
    ChannelStateDesc: 'Up',
    CallerIDNum: '13800138000',
    CallerIDName: '<unknown>',
    ConnectedLineNum: '<unknown>',
    ConnectedLineName: '<unknown>',
    Language: 'zh',
    AccountCode: '',
    Context: 'from-trunk',
    Exten: '4000',
    Priority: '3',
    Uniqueid: uniqueid,
    Linkedid: uniqueid,
  };
}

/** The member channel's Dest* fields of AgentConnect and AgentComplete. */
function memberChannel(member: string): Fields {
  return {
    DestChannel: `${member}-00000042`,
    DestChannelState: '6',
    DestChannelStateDesc: 'Up',
    DestCallerIDNum: member.split('/')[1] ?? member,
    DestCallerIDName: 'Agent',
    DestConnectedLineNum: '13800138000',
    DestConnectedLineName: '<unknown>',
    DestLanguage: 'zh',
    DestAccountCode: '',
    DestContext: 'from-queue',
    DestExten: '4000',
    DestPriority: '1',
    DestUniqueid: '1700009999.42',
    DestLinkedid: '1700009999.42',
  };
}

export const ami = {
  join: (queue: string, uniqueid: string, extra: Fields = {}): Fields => ({ Event: 'QueueCallerJoin', Privilege: 'agent,all', ...callerChannel(uniqueid), Queue: queue, Position: '1', Count: '1', ...extra }),
  leave: (queue: string, uniqueid: string): Fields => ({ Event: 'QueueCallerLeave', Privilege: 'agent,all', ...callerChannel(uniqueid), Queue: queue, Count: '0', Position: '1' }),
  abandon: (queue: string, uniqueid: string, extra: Fields = {}): Fields => ({ Event: 'QueueCallerAbandon', Privilege: 'agent,all', ...callerChannel(uniqueid), Queue: queue, Position: '1', OriginalPosition: '1', HoldTime: '0', ...extra }),
  connect: (queue: string, uniqueid: string, member: string, extra: Fields = {}): Fields => ({ Event: 'AgentConnect', Privilege: 'agent,all', ...callerChannel(uniqueid), ...memberChannel(member), Queue: queue, MemberName: member, Interface: member, RingTime: '3', HoldTime: '0', ...extra }),
  complete: (queue: string, uniqueid: string, member: string, extra: Fields = {}): Fields => ({ Event: 'AgentComplete', Privilege: 'agent,all', ...callerChannel(uniqueid), ...memberChannel(member), Queue: queue, MemberName: member, Interface: member, HoldTime: '0', TalkTime: '0', Reason: 'caller', ...extra }),
  /** QueueMemberStatus / QueueMemberPause name the member by Interface; QueueStatus's QueueMember by Location (and Name). */
  member: (event: 'QueueMemberStatus' | 'QueueMemberPause' | 'QueueMember', queue: string, member: string, extra: Fields = {}): Fields => ({
    Event: event,
    ...(event === 'QueueMember' ? { Queue: queue, Name: member, Location: member } : { Privilege: 'agent,all', Queue: queue, MemberName: member, Interface: member }),
    StateInterface: member,
    Membership: 'static',
    Penalty: '0',
    CallsTaken: '0',
    LastCall: '0',
    LastPause: '0',
    LoginTime: '1700000000',
    InCall: '0',
    Status: '1',
    Paused: '0',
    PausedReason: '',
    Wrapuptime: '0',
    ...extra,
  }),
  entry: (queue: string, uniqueid: string, waitSec: number): Fields => ({ Event: 'QueueEntry', Queue: queue, Position: '1', Channel: callerChannel(uniqueid).Channel ?? '', Uniqueid: uniqueid, CallerIDNum: '13800138000', CallerIDName: '<unknown>', ConnectedLineNum: '<unknown>', ConnectedLineName: '<unknown>', Wait: String(waitSec), Priority: '0' }),
};

/** The caller channel's Newexten (class dialplan) and Hangup (class call), as Asterisk 12+ documents them. */
export const amiChannel = {
  newexten: (uniqueid: string, context: string, extra: Fields = {}): Fields => ({ Event: 'Newexten', Privilege: 'dialplan,all', ...callerChannel(uniqueid), Context: context, Exten: 's', Priority: '1', Extension: 's', Application: 'Background', AppData: 'welcome', ...extra }),
  hangup: (uniqueid: string, extra: Fields = {}): Fields => ({ Event: 'Hangup', Privilege: 'call,all', ...callerChannel(uniqueid), Cause: '16', 'Cause-txt': 'Normal Clearing', ...extra }),
};

/** Asterisk ≤ 11 (AMI 1.x) queue events. */
export const legacy = {
  join: (queue: string, uniqueid: string): Fields => ({ Event: 'Join', Privilege: 'call,all', Channel: `SIP/trunk-${uniqueid.replace('.', '')}`, CallerIDNum: '13800138000', CallerIDName: 'unknown', ConnectedLineNum: 'unknown', ConnectedLineName: 'unknown', Queue: queue, Position: '1', Count: '1', Uniqueid: uniqueid }),
  leave: (queue: string, uniqueid: string): Fields => ({ Event: 'Leave', Privilege: 'call,all', Channel: `SIP/trunk-${uniqueid.replace('.', '')}`, Queue: queue, Count: '0', Position: '1', Uniqueid: uniqueid }),
  abandon: (queue: string, uniqueid: string, holdTime: number): Fields => ({ Event: 'QueueCallerAbandon', Privilege: 'agent,all', Queue: queue, Uniqueid: uniqueid, Position: '1', OriginalPosition: '1', HoldTime: String(holdTime) }),
  connect: (queue: string, uniqueid: string, member: string, holdtime: number): Fields => ({ Event: 'AgentConnect', Privilege: 'agent,all', Queue: queue, Uniqueid: uniqueid, Channel: `${member}-0000002a`, Member: member, MemberName: member, Holdtime: String(holdtime), BridgedChannel: '1700009999.42', Ringtime: '3' }),
  complete: (queue: string, uniqueid: string, member: string, talkTime: number): Fields => ({ Event: 'AgentComplete', Privilege: 'agent,all', Queue: queue, Uniqueid: uniqueid, Channel: `${member}-0000002a`, Member: member, MemberName: member, HoldTime: '5', TalkTime: String(talkTime), Reason: 'caller' }),
  paused: (queue: string, member: string, reason: string): Fields => ({ Event: 'QueueMemberPaused', Privilege: 'agent,all', Queue: queue, Location: member, MemberName: member, Paused: '1', Reason: reason }),
};
