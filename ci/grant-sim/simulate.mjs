// CI: every grant record of a wiring, replayed through the independent IAM
// simulator @cloud-copilot/iam-simulate (pinned in package.json) against the
// emitted CloudFormation template: the legitimate request must be allowed and
// three strangers denied (S1 another source in this account, S2 a source in
// another account, S3 another target), unless the record says why AWS offers
// nothing narrower (`unscoped`).
//
// usage: node simulate.mjs [--outcomes PATH] [--expected PATH] [--known-failures PATH] [--failures PATH]
//                          TEMPLATE.json MANIFEST.json [TEMPLATE.json MANIFEST.json ...]
//
// A manifest is `wirec explain --grant FILE --format json` (`{"files": [..]}`)
// or one file's manifest (`{"path", "grants"}`). The outcome table is the one
// tests/grant_records.rs writes to tests/fixtures/emit/grant-outcomes.txt, and
// the two must agree; a failing record not in --known-failures fails the run.

import { readFileSync, writeFileSync } from 'node:fs'
import { isWildcardOnlyAction, runSimulation } from '@cloud-copilot/iam-simulate'

const ACCOUNT = '123456789012'
const OTHER_ACCOUNT = '999999999999'
const REGION = 'us-east-1'

/** A template's expressions with fake account data (the resolver of tests/support/iam.rs). */
class Template {
  constructor(template) {
    this.resources = template.Resources ?? {}
    this.parameters = template.Parameters ?? {}
  }

  kind(id) {
    return this.resources[id]?.Type ?? ''
  }

  property(id, name) {
    return this.resources[id]?.Properties?.[name]
  }

  reference(id) {
    const pseudo = {
      'AWS::AccountId': ACCOUNT,
      'AWS::Region': REGION,
      'AWS::Partition': 'aws',
      'AWS::StackName': 'stack',
      'AWS::URLSuffix': 'amazonaws.com'
    }
    if (id in pseudo) return pseudo[id]
    if (id in this.parameters) {
      const fallback = this.parameters[id].Default
      return fallback === undefined ? `param-${id}` : String(fallback)
    }
    switch (this.kind(id)) {
      case 'AWS::SQS::Queue':
        return `https://sqs.${REGION}.amazonaws.com/${ACCOUNT}/${id}`
      case 'AWS::SNS::Topic':
      case 'AWS::StepFunctions::StateMachine':
        return this.attribute(id, 'Arn')
      case 'AWS::S3::Bucket': {
        const name = this.property(id, 'BucketName')
        return name === undefined ? id : this.resolve(name)
      }
      case 'AWS::Logs::LogGroup': {
        const name = this.property(id, 'LogGroupName')
        return name === undefined ? id : this.resolve(name)
      }
      default:
        return id
    }
  }

  attribute(id, attribute) {
    const kind = this.kind(id)
    let name = kind === 'AWS::Logs::LogGroup' ? this.reference(id) : id
    // A rule with a given name is named so; CloudFormation names the others.
    const ruleName = kind === 'AWS::Events::Rule' ? this.property(id, 'Name') : undefined
    if (ruleName !== undefined) name = this.resolve(ruleName)
    const at = `${REGION}:${ACCOUNT}`
    const fixed = {
      'AWS::SQS::Queue.Arn': `arn:aws:sqs:${at}:${name}`,
      'AWS::Lambda::Function.Arn': `arn:aws:lambda:${at}:function:${name}`,
      'AWS::IAM::Role.Arn': `arn:aws:iam::${ACCOUNT}:role/${name}`,
      'AWS::Logs::LogGroup.Arn': `arn:aws:logs:${at}:log-group:${name}:*`,
      'AWS::Events::EventBus.Arn': `arn:aws:events:${at}:event-bus/${name}`,
      'AWS::Kinesis::Stream.Arn': `arn:aws:kinesis:${at}:stream/${name}`,
      'AWS::KinesisFirehose::DeliveryStream.Arn': `arn:aws:firehose:${at}:deliverystream/${name}`,
      'AWS::DynamoDB::Table.Arn': `arn:aws:dynamodb:${at}:table/${name}`,
      'AWS::DynamoDB::Table.StreamArn': `arn:aws:dynamodb:${at}:table/${name}/stream/2026-01-01T00:00:00.000`,
      'AWS::CloudWatch::Alarm.Arn': `arn:aws:cloudwatch:${at}:alarm:${name}`,
      'AWS::KMS::Key.Arn': `arn:aws:kms:${at}:key/${name}`,
      'AWS::CodeBuild::Project.Arn': `arn:aws:codebuild:${at}:project/${name}`,
      'AWS::Config::ConfigRule.Arn': `arn:aws:config:${at}:config-rule/config-rule-${name}`,
      'AWS::Scheduler::Schedule.Arn': `arn:aws:scheduler:${at}:schedule/default/${name}`,
      'AWS::Events::ApiDestination.Arn': `arn:aws:events:${at}:api-destination/${name}/uuid`,
      'AWS::Scheduler::ScheduleGroup.Arn': `arn:aws:scheduler:${at}:schedule-group/${name}`,
      'AWS::Pipes::Pipe.Arn': `arn:aws:pipes:${at}:pipe/${name}`,
      'AWS::StepFunctions::StateMachine.Name': name
    }
    const key = `${kind}.${attribute}`
    if (key in fixed) return fixed[key]
    if (kind === 'AWS::SNS::Topic') return `arn:aws:sns:${at}:${name}`
    if (kind === 'AWS::Chatbot::SlackChannelConfiguration') {
      return `arn:aws:chatbot::${ACCOUNT}:chat-configuration/slack-channel/${name}`
    }
    if (kind === 'AWS::StepFunctions::StateMachine') return `arn:aws:states:${at}:stateMachine:${name}`
    if (key === 'AWS::CloudTrail::Trail.Arn') {
      return `arn:aws:cloudtrail:${at}:trail/${this.resolve(this.property(id, 'TrailName'))}`
    }
    if (key === 'AWS::Events::Rule.Arn') {
      // A rule on a custom bus is `rule/BUS/NAME`.
      const bus = this.property(id, 'EventBusName')
      if (bus === undefined) return `arn:aws:events:${at}:rule/${name}`
      const busName = this.resolve(bus).split('/').pop()
      return `arn:aws:events:${at}:rule/${busName}/${name}`
    }
    // Any other attribute: an ARN of the resource's service and type.
    const [, service = 'unknown', type = 'resource'] = kind.split('::')
    return `arn:aws:${service.toLowerCase()}:${at}:${type.toLowerCase()}/${name}.${attribute}`
  }

  /** A value with every intrinsic function replaced by its fake value, as text. */
  resolve(value) {
    if (typeof value === 'string') return value
    if (Array.isArray(value)) return JSON.stringify(value)
    if (value === null || typeof value !== 'object') return String(value)
    if ('Ref' in value) return this.reference(value.Ref)
    if ('Fn::GetAtt' in value) {
      const parts = value['Fn::GetAtt']
      const [id, ...attribute] = typeof parts === 'string' ? parts.split('.') : parts
      return this.attribute(id, attribute.join('.'))
    }
    if ('Fn::Sub' in value) {
      const form = value['Fn::Sub']
      const [text, variables] = typeof form === 'string' ? [form, {}] : form
      return this.substitute(text, variables ?? {})
    }
    if ('Fn::Join' in value) {
      const [separator, items] = value['Fn::Join']
      return this.list(items).join(separator)
    }
    if ('Fn::Select' in value) {
      const [index, items] = value['Fn::Select']
      return this.list(items)[Number(this.resolve(index))] ?? ''
    }
    if ('Fn::ImportValue' in value) return `import-${this.resolve(value['Fn::ImportValue'])}`
    return JSON.stringify(value)
  }

  /** `Fn::Sub`'s text: `${AWS::...}`, `${Id}` (its Ref), `${Id.Attribute}`, `${!Literal}`. */
  substitute(text, variables) {
    let out = ''
    let rest = text
    for (;;) {
      const start = rest.indexOf('${')
      const end = start < 0 ? -1 : rest.indexOf('}', start)
      if (end < 0) return out + rest
      out += rest.slice(0, start)
      const placeholder = rest.slice(start + 2, end)
      if (placeholder.startsWith('!')) {
        out += '${' + placeholder.slice(1) + '}'
      } else if (placeholder in variables) {
        out += this.resolve(variables[placeholder])
      } else if (placeholder.includes('.') && !placeholder.startsWith('AWS::')) {
        const dot = placeholder.indexOf('.')
        out += this.attribute(placeholder.slice(0, dot), placeholder.slice(dot + 1))
      } else {
        out += this.reference(placeholder)
      }
      rest = rest.slice(end + 1)
    }
  }

  /** A value as a list of texts (`Fn::Split` and arrays are lists, anything else one item). */
  list(value) {
    if (value === undefined || value === null) return []
    if (Array.isArray(value)) return value.map((item) => this.resolve(item))
    if (typeof value === 'object' && 'Fn::Split' in value) {
      const [separator, text] = value['Fn::Split']
      return this.resolve(text).split(separator)
    }
    return [this.resolve(value)]
  }

  /** A policy document with every expression resolved (strings stay strings). */
  document(value) {
    if (Array.isArray(value)) return value.map((item) => this.document(item))
    if (value === null || typeof value !== 'object') return value
    const keys = Object.keys(value)
    if (keys.length === 1 && (keys[0] === 'Ref' || keys[0].startsWith('Fn::'))) {
      return keys[0] === 'Fn::Split' ? this.list(value) : this.resolve(value)
    }
    return Object.fromEntries(keys.map((key) => [key, this.document(value[key])]))
  }
}

/**
 * The name rule (the same as tests/support/iam.rs's `stranger`): in
 * `arn:P:SERVICE:REGION:ACCOUNT:RESOURCE`, S3's name is RESOURCE up to the
 * first `/`; otherwise the name runs from after the first `/` or `:` to the
 * next one of the same, or is RESOURCE. The stranger's name has `-stranger`.
 */
export function stranger(arn) {
  const fields = arn.split(':')
  if (fields.length < 6 || fields[0] !== 'arn') return `${arn}-stranger`
  const head = fields.slice(0, 5).join(':') + ':'
  const resource = fields.slice(5).join(':')
  let start = 0
  let end = resource.length
  if (fields[2] === 's3') {
    const slash = resource.indexOf('/')
    if (slash >= 0) end = slash
  } else {
    const candidates = [resource.indexOf('/'), resource.indexOf(':')].filter((at) => at >= 0)
    if (candidates.length > 0) {
      const at = Math.min(...candidates)
      start = at + 1
      // After a `/`, a `:` ends the name too (`automation-definition/NAME:VERSION`).
      const ends = resource[at] === '/' ? ['/', ':'] : [resource[at]]
      const next = Math.min(...ends.map((sep) => resource.indexOf(sep, start)).filter((i) => i >= 0))
      if (Number.isFinite(next)) end = next
    }
  }
  return head + resource.slice(0, end) + '-stranger' + resource.slice(end)
}

/** The ARN with its account (5th field, when not empty) replaced by `account`. */
function inAccount(arn, account) {
  const fields = arn.split(':')
  if (fields.length < 6 || fields[4] === '') return arn
  fields[4] = account
  return fields.join(':')
}

const MANAGED = 'managed policy, not evaluated'

/** What a record's requests are checked against: a resource policy or identity policies. */
function policiesOf(template, record) {
  const holder = record.holder
  switch (record.form) {
    case 'lambda-permission': {
      const property = (name) => template.property(holder, name)
      let fn = template.resolve(property('FunctionName'))
      if (!fn.startsWith('arn:')) fn = `arn:aws:lambda:${REGION}:${ACCOUNT}:function:${fn}`
      const principal = template.resolve(property('Principal'))
      const statement = {
        Effect: 'Allow',
        Principal: principal.endsWith('.amazonaws.com') ? { Service: principal } : { AWS: principal },
        Action: template.resolve(property('Action')),
        Resource: [fn, `${fn}:*`]
      }
      const condition = {}
      if (property('SourceArn') !== undefined) {
        condition.ArnLike = { 'aws:SourceArn': template.resolve(property('SourceArn')) }
      }
      if (property('SourceAccount') !== undefined) {
        condition.StringEquals = { 'aws:SourceAccount': template.resolve(property('SourceAccount')) }
      }
      if (Object.keys(condition).length > 0) statement.Condition = condition
      return { resourcePolicy: { Version: '2012-10-17', Statement: [statement] } }
    }
    case 'resource-policy':
    case 'bucket-policy':
      return { resourcePolicy: template.document(template.property(holder, 'PolicyDocument')) }
    case 'logs-resource-policy':
      return { resourcePolicy: JSON.parse(template.resolve(template.property(holder, 'PolicyDocument'))) }
    case 'key-policy':
      return { resourcePolicy: template.document(template.property(holder, 'KeyPolicy')) }
    case 'trust':
      return { resourcePolicy: template.document(template.property(holder, 'AssumeRolePolicyDocument')) }
    case 'identity': {
      // KMS reads a key's own policy too: identity policies alone grant
      // nothing on a key whose policy does not delegate to the account.
      const policies = identityPolicies(template, record.role)
      const key = keyOf(template, record.resource)
      if (key !== null) policies.resourcePolicy = template.document(template.property(key, 'KeyPolicy'))
      return policies
    }
    default:
      throw new Error(`unknown grant form ${record.form}`)
  }
}

/** The logical id of the template's KMS key that `resource` names, or null. */
function keyOf(template, resource) {
  const id = resource?.Ref ?? resource?.['Fn::GetAtt']?.[0]
  return typeof id === 'string' && template.kind(id) === 'AWS::KMS::Key' ? id : null
}

/** A role's identity policies: inline, and the template's managed policies and policies attached to it. */
function identityPolicies(template, role) {
  const policies = []
  let managed = false
  // A grant held in a managed policy whose role is outside the template (an
  // instance's own role): the policy is what the role gets from wirec.
  if (template.kind(role) === 'AWS::IAM::ManagedPolicy') {
    return { identityPolicies: [{ name: role, policy: template.document(template.property(role, 'PolicyDocument')) }], managed }
  }
  for (const [index, policy] of (template.property(role, 'Policies') ?? []).entries()) {
    policies.push({ name: `inline-${index}`, policy: template.document(policy.PolicyDocument) })
  }
  const refersToRole = (value) => value?.Ref === role
  for (const [id, resource] of Object.entries(template.resources)) {
    if (resource.Type !== 'AWS::IAM::ManagedPolicy' && resource.Type !== 'AWS::IAM::Policy') continue
    const attached = (resource.Properties?.Roles ?? []).some(refersToRole)
    const named = (template.property(role, 'ManagedPolicyArns') ?? []).some((arn) => arn?.Ref === id)
    if (attached || named) policies.push({ name: id, policy: template.document(resource.Properties.PolicyDocument) })
  }
  for (const arn of template.property(role, 'ManagedPolicyArns') ?? []) {
    if (typeof arn === 'object' && 'Ref' in arn && template.kind(arn.Ref) !== '') continue
    if (template.resolve(arn).includes(':iam::aws:policy/')) managed = true
  }
  return { identityPolicies: policies, managed }
}

/**
 * One request's decision: 'allow', 'deny', or 'refused' with the library's
 * message when it would not evaluate the request (an unknown action, a
 * resource of no type the action takes): exactly what the issue wants found.
 */
async function decide(policies, principal, action, resource, context) {
  const simulation = {
    request: {
      principal,
      action,
      resource: { resource, accountId: ACCOUNT },
      // AWS's log-delivering services write objects with the canned ACL
      // bucket-owner-full-control, which bucket policies require of them.
      contextVariables: action === 's3:PutObject' ? { ...context, 's3:x-amz-acl': 'bucket-owner-full-control' } : context
    },
    identityPolicies: policies.identityPolicies ?? [],
    serviceControlPolicies: [],
    resourceControlPolicies: [],
    resourcePolicy: policies.resourcePolicy
  }
  const result = await runSimulation(simulation, {})
  if (result.resultType === 'error') {
    return { decision: 'refused', message: JSON.stringify(result.errors) }
  }
  return { decision: result.overallResult === 'Allowed' ? 'allow' : 'deny' }
}

/**
 * The context of a request from `sourceArn` in `account`. The external ID is
 * the record's (the principal sends it); one that is the sender's account
 * (Firehose's) is a stranger's own account, a constant (Beanstalk's) anyone
 * sends, strangers too. The same rule as tests/grant_records.rs.
 */
function context(externalId, sourceArn, account) {
  const values = { 'aws:SourceAccount': account }
  if (sourceArn !== null) values['aws:SourceArn'] = sourceArn
  if (externalId !== null) values['sts:ExternalId'] = externalId === ACCOUNT ? account : externalId
  return values
}

/**
 * A record's requests, each decided action by action (nothing concluded yet:
 * whether an action applies to the record's resource depends on the other
 * records of its line, see `conclude`).
 */
async function replay(template, file, record) {
  const policies = policiesOf(template, record)
  const principal =
    record.form === 'identity' ? template.attribute(record.role, 'Arn') : template.resolve(record.principal)
  const resolved = record.form === 'trust' ? template.attribute(record.holder, 'Arn') : template.resolve(record.resource)
  // An action that names no resource is requested on `*` itself, and no other
  // target exists to try; elsewhere a `*` in an ARN is some name.
  const everything = resolved === '*'
  const resource = everything ? '*' : resolved.replaceAll('*', 'x')
  const sourceArn = record.source_arn === null ? null : template.resolve(record.source_arn)
  const externalId = record.external_id == null ? null : template.resolve(record.external_id)
  const actions = record.form === 'trust' ? ['sts:AssumeRole'] : record.actions
  const requests = { legit: [resource, context(externalId, sourceArn, ACCOUNT)] }
  if (record.form !== 'identity' && sourceArn !== null) {
    requests.s1 = [resource, context(externalId, stranger(sourceArn), ACCOUNT)]
  }
  if (record.form !== 'identity') {
    const arn = sourceArn === null ? null : inAccount(sourceArn, OTHER_ACCOUNT)
    requests.s2 = [resource, context(externalId, arn, OTHER_ACCOUNT)]
  }
  // A key policy governs its own key only (its `Resource` is `*`): no other target.
  if (record.form !== 'trust' && record.form !== 'key-policy' && !everything) {
    requests.s3 = [stranger(resource), context(externalId, sourceArn, ACCOUNT)]
  }
  const decisions = {}
  for (const [kind, [on, ctx]] of Object.entries(requests)) {
    decisions[kind] = []
    for (const action of actions) {
      decisions[kind].push({ on, ...(await decide(policies, principal, action, on, ctx)) })
    }
  }
  // On `*`, the simulator's data says whether the action takes a resource type.
  const wildcardOnly = []
  for (const action of actions) {
    const [service, name] = action.split(':')
    wildcardOnly.push(everything ? await isWildcardOnlyAction(service, name).catch(() => true) : true)
  }
  const key = `${file}:${record.line} ${record.form} ${record.holder} ${record.actions.join(',')}`
  return { key, file, record, managed: policies.managed, resource, everything, actions, decisions, wildcardOnly }
}

/** Who makes a record's requests, on its line: the key of its coverage. */
function requester(replayed, action) {
  const { file, record } = replayed
  return `${file}:${record.line} ${record.role ?? record.holder} ${action}`
}

/**
 * The actions whose legitimate request a record's line allows: an action
 * that takes no resource of one record's type is covered by another record
 * of the same line and requester, on which it is evaluated and allowed.
 */
function coverage(replayedRecords) {
  const covered = new Set()
  for (const replayed of replayedRecords) {
    replayed.actions.forEach((action, index) => {
      if (replayed.decisions.legit[index].decision === 'allow') covered.add(requester(replayed, action))
    })
  }
  return covered
}

/**
 * The outcome line of one record, its failures and counts. An action the
 * simulator refuses on the record's resource with `no.resource.types` (a
 * bucket's ARN for s3:GetObject) does not apply to this record when another
 * record of its line covers it; otherwise it is granted on no resource of its
 * type. An action granted on `*` that takes a resource type is a failure.
 * Both, and any other refusal, read `refused` in the legit field.
 */
function conclude(replayed, covered) {
  const { record, actions, decisions, resource } = replayed
  const failures = []
  const messages = []
  const notApplicable = new Set()
  let refused = false
  actions.forEach((action, index) => {
    const { decision, message } = decisions.legit[index]
    if (message?.includes('"no.resource.types"')) {
      if (covered.has(requester(replayed, action))) {
        notApplicable.add(index)
      } else {
        failures.push(`${action} is granted on no resource of its type (${resource})`)
        refused = true
      }
    } else if (decision === 'refused') {
      messages.push(`${action} on ${resource}: ${message}`)
      refused = true
    } else if (!replayed.wildcardOnly[index]) {
      failures.push(`${action} is granted on * but the action takes a resource type`)
      refused = true
    }
  })
  const applicable = (list) => list.filter((_, index) => !notApplicable.has(index))
  const legitDecisions = applicable(decisions.legit).map((item) => item.decision)
  let legit = 'n/a'
  if (refused) legit = 'refused'
  else if (legitDecisions.length > 0) legit = legitDecisions.every((decision) => decision === 'allow') ? 'allow' : 'deny'
  const strangers = {}
  for (const kind of ['s1', 's2', 's3'].filter((name) => name in decisions)) {
    // A stranger's refusal is news only where the legitimate request was decided.
    decisions[kind].forEach((item, index) => {
      const legitDecided = decisions.legit[index].decision !== 'refused'
      if (item.message !== undefined && legitDecided && !notApplicable.has(index)) {
        messages.push(`${actions[index]} on ${item.on}: ${item.message}`)
      }
    })
    const words = applicable(decisions[kind]).map((item) => item.decision)
    if (words.length === 0) strangers[kind] = 'n/a'
    else if (words.includes('allow')) strangers[kind] = 'allow'
    else strangers[kind] = words.includes('refused') ? 'refused' : 'deny'
  }
  const line = `${replayed.key} legit=${legit} s1=${strangers.s1 ?? '-'} s2=${strangers.s2 ?? '-'} s3=${strangers.s3 ?? '-'}`
  if (legit === 'deny') failures.push(replayed.managed ? `legit denied (${MANAGED})` : 'legit denied')
  if (record.unscoped === null) {
    if (replayed.everything) failures.push('granted on `*` without `unscoped` saying why')
    for (const [name, result] of Object.entries(strangers)) {
      if (result === 'allow') failures.push(`${name} allowed`)
    }
  }
  if (messages.length > 0) failures.push(`refused by the simulator: ${[...new Set(messages)].join('; ')}`)
  const results = Object.values(strangers).filter((result) => result !== 'n/a')
  return {
    line,
    failures,
    legit: legit === 'allow' || legit === 'n/a',
    strangerCount: results.length,
    strangersDenied: results.filter((result) => result === 'deny').length,
    refused: refused || messages.length > 0,
    notApplicable: notApplicable.size > 0
  }
}

/**
 * Whether the simulator's line says what the in-process line says, where it
 * decided: a `refused` field (the simulator did not evaluate, or found the
 * grant's shape wrong) or `n/a` (every action evaluated on another record)
 * matches any.
 */
function agrees(ours, theirs) {
  const a = ours.split(' ')
  const b = theirs.split(' ')
  return a.length === b.length && a.every((field, index) => field === b[index] || field.endsWith('=refused') || field.endsWith('=n/a'))
}

function lines(path) {
  return readFileSync(path, 'utf8').split('\n').filter((line) => line.trim() !== '' && !line.startsWith('#'))
}

/** A JSON file's value, or an error naming the file (missing, empty, not JSON). */
function readJson(path, what) {
  let text
  try {
    text = readFileSync(path, 'utf8')
  } catch (error) {
    throw new Error(`the ${what} ${path} cannot be read: ${error.message}`)
  }
  if (text.trim() === '') throw new Error(`the ${what} ${path} is empty`)
  try {
    return JSON.parse(text)
  } catch (error) {
    throw new Error(`the ${what} ${path} is not JSON: ${error.message}`)
  }
}

/** Every record of every pair of files, replayed; the inputs that could not be read. */
async function replayAll(files) {
  const replayedRecords = []
  const broken = []
  for (let index = 0; index < files.length; index += 2) {
    let template
    let manifest
    try {
      template = new Template(readJson(files[index], 'template'))
      manifest = readJson(files[index + 1], 'manifest')
      const entries = manifest.files ?? [manifest]
      if (!entries.every((entry) => typeof entry.path === 'string' && Array.isArray(entry.grants))) {
        throw new Error(`the manifest ${files[index + 1]} has no path and grants`)
      }
    } catch (error) {
      broken.push(error.message)
      continue
    }
    for (const file of manifest.files ?? [manifest]) {
      for (const record of file.grants) {
        try {
          replayedRecords.push(await replay(template, file.path, record))
        } catch (error) {
          broken.push(`${file.path}:${record.line} ${record.form} ${record.holder}: could not be evaluated: ${error.message}`)
        }
      }
    }
  }
  return { replayedRecords, broken }
}

async function main(argv) {
  const options = {}
  const files = []
  for (let index = 0; index < argv.length; index += 1) {
    const argument = argv[index]
    if (['--outcomes', '--expected', '--known-failures', '--failures'].includes(argument)) {
      options[argument.slice(2)] = argv[(index += 1)]
    } else {
      files.push(argument)
    }
  }
  if (files.length === 0 || files.length % 2 !== 0) {
    console.log('usage: node simulate.mjs [--outcomes PATH] [--expected PATH] [--known-failures PATH] [--failures PATH] TEMPLATE MANIFEST ...')
    console.log(`\n0 records: ${files.length} file(s) given, a template and a manifest expected for each wiring`)
    return 2
  }
  const { replayedRecords, broken } = await replayAll(files)
  const covered = coverage(replayedRecords)
  const table = []
  const failing = []
  const unscoped = []
  let legitAllowed = 0
  let strangersTotal = 0
  let strangersDenied = 0
  let refusedRecords = 0
  let partial = 0
  for (const replayed of replayedRecords) {
    const result = conclude(replayed, covered)
    legitAllowed += result.legit ? 1 : 0
    strangersTotal += result.strangerCount
    strangersDenied += result.strangersDenied
    refusedRecords += result.refused ? 1 : 0
    partial += result.notApplicable ? 1 : 0
    table.push(result.line)
    if (result.failures.length > 0) failing.push({ line: result.line, failures: result.failures })
    if (replayed.record.unscoped !== null) unscoped.push(`${result.line}: ${replayed.record.unscoped}`)
  }
  const records = replayedRecords.length
  table.sort()
  let status = 0
  for (const line of table) console.log(line)
  if (unscoped.length > 0) console.log(`\nunscoped (AWS offers nothing narrower):\n${unscoped.sort().join('\n')}`)
  const known = new Set(options['known-failures'] ? lines(options['known-failures']) : [])
  const newFailures = failing.filter((failure) => !known.has(failure.line))
  if (failing.length > 0) {
    console.log(`\nfailures (${failing.length}, ${failing.length - newFailures.length} of them known):`)
    for (const failure of failing) {
      console.log(`${known.has(failure.line) ? 'known' : 'NEW  '} ${failure.line}: ${failure.failures.join('; ')}`)
    }
  }
  if (newFailures.length > 0) status = 1
  if (broken.length > 0 || records === 0) {
    console.log(`\nINPUT ERRORS (${broken.length}; every wiring's template and manifest must be read whole):`)
    for (const message of broken) console.log(`ERROR ${message}`)
    if (records === 0) console.log('ERROR no grant record was read')
    status = 1
  }
  if (options.outcomes) writeFileSync(options.outcomes, table.join('\n') + '\n')
  if (options.failures) writeFileSync(options.failures, failing.map((failure) => failure.line).sort().join('\n') + '\n')
  if (options.expected) {
    const expected = lines(options.expected)
    const onlyTheirs = [...expected]
    const onlyOurs = []
    for (const line of table) {
      const at = onlyTheirs.findIndex((theirs) => agrees(line, theirs))
      if (at < 0) onlyOurs.push(line)
      else onlyTheirs.splice(at, 1)
    }
    if (onlyOurs.length > 0 || onlyTheirs.length > 0) {
      console.log(`\nthe simulator and the in-process evaluator (${options.expected}) disagree (- in-process only, + simulator only):`)
      for (const line of onlyTheirs) console.log(`- ${line}`)
      for (const line of onlyOurs) console.log(`+ ${line}`)
      status = 1
    }
  }
  console.log(
    `\n${records} records, legit allowed ${legitAllowed}/${records}, strangers denied ${strangersDenied}/${strangersTotal}, unscoped ${unscoped.length} (listed with reasons), failures ${failing.length} (${newFailures.length} new), refused by the simulator ${refusedRecords}, with actions evaluated on another record of their line ${partial}, input errors ${broken.length}`
  )
  return status
}

try {
  process.exitCode = await main(process.argv.slice(2))
} catch (error) {
  // Whatever went wrong, the totals line stays the last line, and says so.
  console.log(`ERROR ${error.stack ?? error}`)
  console.log('\n0 records: the simulator stopped before it finished (see the error above)')
  process.exitCode = 2
}
